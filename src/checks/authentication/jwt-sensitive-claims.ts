import { sensitiveClaims } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { jwtsSeen } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";

/** Claims that are secrets in their own right; the rest (birth date, card number...) is personal data. */
const SECRET_CLAIM = /pass|secret|key|otp|pin/i;

export default defineCheck({
  meta: {
    id: "jwt-sensitive-claims",
    title: "Sensitive data in JWT claims",
    category: "authentication",
    severity: "medium",
    confidence: "firm",
    owasp: ["API2:2023", "API3:2023"],
    cwe: ["CWE-312", "CWE-359"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A JWT payload is only base64url-encoded: anyone holding the token (the browser, a proxy, a log) reads every claim. Passwords, secrets and personal data do not belong there.",
    remediation:
      "Put only identifiers and authorization data in claims; look everything else up on the server, or use an encrypted token (JWE) if it must travel.",
    references: ["https://datatracker.ietf.org/doc/html/rfc8725#section-3.6"],
  },
  async run(ctx) {
    const seen = jwtsSeen(ctx);
    if (seen.length === 0) return ctx.skip("no JWT seen");
    for (const s of seen) {
      const claims = sensitiveClaims(s.jwt.payload);
      if (claims.length === 0) continue;
      for (const c of claims) {
        const v = s.jwt.payload[c];
        if (typeof v === "string") ctx.redact(v);
      }
      reportJwt(ctx, s, {
        severity: claims.some((c) => SECRET_CLAIM.test(c)) ? "high" : "medium",
        message: `the payload carries ${claims.map((c) => `\`${c}\``).join(", ")} in clear.`,
        evidence: { detail: `sensitive claims: ${claims.join(", ")}` },
      });
    }
  },
});
