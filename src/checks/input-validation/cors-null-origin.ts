import { defineCheck } from "../../engine/check.js";
import { corsRequestCount, originVariants, probeCors, reportTrustedOrigins } from "./_cors.js";

export default defineCheck({
  meta: {
    id: "cors-null-origin",
    title: "CORS trusts the null origin",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-942"],
    maxRequests: corsRequestCount(1),
    description:
      "Browsers send `Origin: null` from sandboxed iframes, data: URLs and local files, so any attacker can produce it. Allowing `null` is as open as allowing every site: high with Access-Control-Allow-Credentials: true, low without. One GET and one preflight carry `Origin: null`.",
    remediation: "Remove `null` from the CORS allow-list; never answer `Access-Control-Allow-Origin: null`.",
    references: ["https://portswigger.net/web-security/cors#whitelisted-null-origin-value"],
  },
  async run(ctx) {
    const variants = originVariants(ctx.target.url).filter((v) => v.kind === "null");
    reportTrustedOrigins(ctx, await probeCors(ctx, variants));
  },
});
