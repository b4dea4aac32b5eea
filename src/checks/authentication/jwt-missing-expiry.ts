import { defineCheck } from "../../engine/check.js";
import { jwtsSeen } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";

export default defineCheck({
  meta: {
    id: "jwt-missing-expiry",
    title: "JWT without an expiry",
    category: "authentication",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-613"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A token without an `exp` claim stays valid until the signing key changes: a token leaked once, in a log or a browser, works for ever.",
    remediation:
      "Issue access tokens with a short `exp` (minutes) and refresh them; reject tokens without `exp` when verifying (e.g. jose `requiredClaims: ['exp']`).",
    references: ["https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4"],
  },
  async run(ctx) {
    const seen = jwtsSeen(ctx);
    if (seen.length === 0) return ctx.skip("no JWT seen");
    for (const s of seen) {
      if (s.jwt.payload.exp !== undefined) continue;
      reportJwt(ctx, s, {
        message: "the token has no `exp` claim, so it never expires.",
        evidence: { detail: `claims: ${Object.keys(s.jwt.payload).sort().join(", ")}` },
      });
    }
  },
});
