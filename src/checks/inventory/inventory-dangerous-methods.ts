import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { type Operation, operationUrl } from "../../engine/target.js";

/** OPTIONS requests at most: the scanned operation and a few resource paths (routers advertise per resource). */
const MAX_PATHS = 3;

/** The operation first, then resource items and listings of other paths: distinct routes, not the same one twice. */
function pathsToAsk(operations: readonly Operation[], fallback: string): string[] {
  const gets = operations.filter((o) => o.method === "GET" && isRepeatable(o));
  const ordered = [...gets.slice(0, 1), ...gets.slice(1).filter((o) => o.path.includes("{")), ...gets.slice(1)];
  const urls = ordered.map((o) => operationUrl(o).split("?")[0]);
  return [...new Set(urls.length > 0 ? urls : [fallback])].slice(0, MAX_PATHS);
}

/**
 * TRACE echoes requests (cross-site tracing) and CONNECT can turn the server into a proxy: neither
 * belongs on an API. Write methods are normal for REST, so advertising them is only noted.
 */
const DANGEROUS: Record<string, Severity> = {
  TRACE: "low",
  CONNECT: "low",
  PUT: "info",
  DELETE: "info",
  PATCH: "info",
};
const ADVERTISING_HEADERS = ["allow", "access-control-allow-methods"];

export function advertisedMethods(headers: Record<string, string>): Map<string, string> {
  const byMethod = new Map<string, string>();
  for (const name of ADVERTISING_HEADERS)
    for (const method of (headers[name] ?? "").split(","))
      if (method.trim() && !byMethod.has(method.trim().toUpperCase())) byMethod.set(method.trim().toUpperCase(), name);
  return byMethod;
}

export default defineCheck({
  meta: {
    id: "inventory-dangerous-methods",
    title: "Dangerous HTTP methods advertised",
    category: "inventory",
    severity: "low",
    confidence: "firm",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-749"],
    maxRequests: MAX_PATHS,
    description:
      "An OPTIONS answer whose Allow or Access-Control-Allow-Methods lists TRACE or CONNECT (low) points at debugging or proxy features left on; PUT, DELETE and PATCH are noted (info) so the write surface is inventoried. Observed only: OPTIONS is sent to the scanned operation and up to two resource paths (items first), never the methods themselves; one finding per method, listing where it is advertised.",
    remediation:
      "Disable TRACE and CONNECT at the server or proxy, and advertise (and route) only the methods each resource really implements.",
    references: [
      "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/06-Test_HTTP_Methods",
    ],
  },
  async run(ctx) {
    for (const url of pathsToAsk(ctx.target.operations, ctx.target.url.pathname)) {
      // Access-Control-Request-Method makes CORS middleware answer with its method list too; servers without it send Allow.
      const x = await ctx.http.request({
        method: "OPTIONS",
        url,
        headers: { "access-control-request-method": "GET" },
      });
      const path = new URL(x.request.url).pathname;
      for (const [method, header] of advertisedMethods(x.headers)) {
        const severity = DANGEROUS[method];
        if (!severity) continue;
        ctx.report({
          message: `${method} is advertised in ${header === "allow" ? "Allow" : "Access-Control-Allow-Methods"}: ${x.headers[header]} (observed only; ${method} was not sent).`,
          severity,
          exchange: x,
          operation: { method: "OPTIONS", path },
          key: method,
          // One server or router setting advertises it: one finding per method, each path an instance.
          cause: method,
          evidence: { responseHeaders: { [header]: x.headers[header] } },
        });
      }
    }
  },
});
