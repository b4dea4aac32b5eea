import { urlParams } from "../../detect/url-params.js";
import { defineCheck } from "../../engine/check.js";

export default defineCheck({
  meta: {
    id: "ssrf-url-parameters",
    title: "Parameters that take URLs (SSRF surface)",
    category: "ssrf",
    severity: "info",
    confidence: "tentative",
    owasp: ["API7:2023"],
    cwe: ["CWE-918"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Parameters named like `url`, `callback`, `webhook`, `redirect`, `image` or `feed`, or whose example is a URL, are where server-side request forgery happens if the server fetches them. Listed as surface for review; `--ssrf-probe` tests them actively.",
    remediation:
      "If the server fetches client-given URLs, allow-list schemes and hosts, resolve the name and refuse private, loopback and link-local addresses (re-checking after redirects), and fetch through an egress proxy without access to internal networks.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    for (const op of ctx.target.operations) {
      for (const param of urlParams(op)) {
        ctx.report({
          operation: { method: op.method, path: op.path },
          message: `${op.method} ${op.path} takes a URL in ${param.in === "query" ? "query parameter" : "body property"} \`${param.name}\` (${param.why === "value" ? "its example is a URL" : "by its name"}).`,
          key: `${param.in}:${param.name}`,
          evidence: { detail: `${param.in} ${param.name}` },
        });
      }
    }
  },
});
