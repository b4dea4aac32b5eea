import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import type { Exchange } from "../../engine/http.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";

/**
 * Plaintext matters by where it travels: on loopback or a private network it is a note; on a public
 * host anyone on the path reads and changes the traffic, and worse still when credentials go with it.
 */
export function plainHttpSeverity(hostname: string, sendsCredentials: boolean): Severity {
  if (isLoopbackOrPrivate(hostname)) return "info";
  return sendsCredentials ? "high" : "medium";
}

/** The redirect that upgraded the request to https on the same host, if the response gave one. */
function httpsUpgradeOf(x: Exchange, hostname: string): string | undefined {
  const next = x.offOriginRedirect ?? (x.status >= 300 && x.status < 400 ? x.headers.location : undefined);
  if (!next) return undefined;
  try {
    const url = new URL(next, x.request.url);
    return url.protocol === "https:" && url.hostname === hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export default defineCheck({
  meta: {
    id: "transport-plain-http",
    title: "API served over plain HTTP without a redirect to HTTPS",
    category: "encryption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-319"],
    maxRequests: 0,
    description:
      "Over plain HTTP every request, response and credential can be read and altered by anyone on the network path. Judged from the engine's baseline responses: the finding is informational on loopback and private addresses, medium on public hosts and high when the scan sends credentials.",
    remediation:
      "Serve the API over HTTPS only; answer plain-HTTP requests with a 301/308 redirect to the same host over https (or refuse them) and send Strict-Transport-Security on the HTTPS responses.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const { url } = ctx.target;
    if (url.protocol !== "http:") return ctx.skip("the target is served over https");
    const baselines = ctx.target.operations.flatMap((op) => ctx.baseline(op) ?? []);
    if (baselines.length === 0) return ctx.inconclusive("no baseline response to judge");
    const plaintext = baselines.find((x) => !httpsUpgradeOf(x, url.hostname));
    if (!plaintext) return;
    const sendsCredentials = ctx.identities.values().length > 0;
    const severity = plainHttpSeverity(url.hostname, sendsCredentials);
    const where = isLoopbackOrPrivate(url.hostname) ? "a loopback/private address" : "a public host";
    ctx.report({
      message: `${url.origin} answers over plain HTTP (status ${plaintext.status}) without redirecting to https; the host is ${where}${sendsCredentials ? " and the scan's credentials travel in clear text" : ""}.`,
      severity,
      exchange: plaintext,
      evidence: { detail: "no redirect to https on the same host" },
    });
  },
});
