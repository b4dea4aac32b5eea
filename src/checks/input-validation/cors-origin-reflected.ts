import { defineCheck } from "../../engine/check.js";
import { corsRequestCount, originVariants, probeCors, reportTrustedOrigins } from "./_cors.js";

/** Variants besides `null` (cors-null-origin) the target can have at most: see originVariants. */
const MAX_VARIANTS = 10;

export default defineCheck({
  meta: {
    id: "cors-origin-reflected",
    title: "CORS trusts attacker-controlled origins",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-942", "CWE-346"],
    maxRequests: corsRequestCount(MAX_VARIANTS),
    description:
      "A server that echoes the request's Origin into Access-Control-Allow-Origin (or validates it with an unanchored pattern) lets any web page read the API's answers in a visitor's browser; with Access-Control-Allow-Credentials: true that includes the visitor's authenticated data. Up to 10 Origin variants besides `null` (an arbitrary site, suffix, prefix, unescaped-dot and special-character tricks on the target's own host, a subdomain, an http downgrade) go out as a GET and as a preflight. Arbitrary or bypass origins with credentials are high, without credentials low; an http downgrade with credentials medium; a subdomain low with credentials, info without.",
    remediation:
      "Compare the Origin against an exact allow-list of full origins (scheme, host and port) and only then echo it back with `Vary: Origin`; never reflect arbitrary origins, and allow credentials only for origins you control over https.",
    references: [
      "https://portswigger.net/web-security/cors",
      "https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing",
    ],
  },
  async run(ctx) {
    const variants = originVariants(ctx.target.url).filter((v) => v.kind !== "null");
    const answers = await probeCors(
      ctx,
      variants.filter((v) => v.kind === "arbitrary"),
    );
    // Trusting any origin implies every trick below; report that once instead of ten times.
    if (answers.some((a) => a.reflected)) {
      reportTrustedOrigins(ctx, answers);
      return;
    }
    answers.push(
      ...(await probeCors(
        ctx,
        variants.filter((v) => v.kind !== "arbitrary"),
      )),
    );
    reportTrustedOrigins(ctx, answers);
  },
});
