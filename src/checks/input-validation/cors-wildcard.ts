import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";
import { corsRequestCount, originVariants, pickCorsHeaders, probeCors } from "./_cors.js";

/**
 * `*` never carries cookies (browsers refuse it with credentials), so it exposes only what anyone
 * could fetch, except from hosts only the victim reaches: loopback and private networks.
 */
export function wildcardSeverity(hostname: string, withCredentials: boolean): Severity {
  if (withCredentials) return "low";
  return isLoopbackOrPrivate(hostname) ? "low" : "info";
}

export default defineCheck({
  meta: {
    id: "cors-wildcard",
    title: "CORS allows every origin with a wildcard",
    category: "input-validation",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-942"],
    maxRequests: corsRequestCount(1),
    description:
      "Access-Control-Allow-Origin: * lets every web page read the answer. For public read-only data that is often intended (info); on loopback or private hosts it lets any site the user visits read an API only they can reach (low); combined with Access-Control-Allow-Credentials: true it shows a confused policy browsers reject (low). One GET and one preflight from an arbitrary origin.",
    remediation:
      "Keep `*` for genuinely public, unauthenticated data only; otherwise allow an explicit list of origins, and never combine `*` with credentials.",
    references: ["https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#the_http_response_headers"],
  },
  async run(ctx) {
    const arbitrary = originVariants(ctx.target.url).filter((v) => v.name === "any-origin");
    const wildcard = (await probeCors(ctx, arbitrary)).filter((a) => a.wildcard);
    if (wildcard.length === 0) return;
    const withCredentials = wildcard.some((a) => a.allowCredentials);
    const evidence = wildcard.find((a) => a.allowCredentials) ?? wildcard[0];
    const hostname = ctx.target.url.hostname;
    const reach = isLoopbackOrPrivate(hostname)
      ? `${hostname} is a loopback/private host, so any site a user visits can read what only they can reach`
      : "acceptable only for public, unauthenticated data";
    ctx.report({
      message: `Access-Control-Allow-Origin: * on ${wildcard.map((a) => a.via).join(" and ")}${withCredentials ? " together with Access-Control-Allow-Credentials: true (browsers refuse this; the policy is confused)" : ""}; ${reach}.`,
      severity: wildcardSeverity(hostname, withCredentials),
      exchange: evidence.exchange,
      key: withCredentials ? "wildcard-credentials" : "wildcard",
      evidence: {
        requestHeaders: { origin: evidence.variant.origin },
        responseHeaders: pickCorsHeaders(evidence.exchange),
      },
    });
  },
});
