import { lifetimeSeconds } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { jwtsSeen } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";

/** Longer than a day is long for a bearer access token; longer than 30 days is a standing credential. */
const LONG_SECONDS = 24 * 3600;
const VERY_LONG_SECONDS = 30 * 24 * 3600;

export default defineCheck({
  meta: {
    id: "jwt-long-lifetime",
    title: "JWT with a very long lifetime",
    category: "authentication",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-613"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Bearer tokens cannot be recalled: a token valid for days or months gives whoever copies it the same time to use it.",
    remediation:
      "Keep access-token lifetimes to minutes or a few hours and use refresh tokens (which the server can revoke) for longer sessions.",
    references: ["https://datatracker.ietf.org/doc/html/rfc8725"],
  },
  async run(ctx) {
    const seen = jwtsSeen(ctx);
    if (seen.length === 0) return ctx.skip("no JWT seen");
    for (const s of seen) {
      const lifetime = lifetimeSeconds(s.jwt.payload);
      if (lifetime === undefined || lifetime <= LONG_SECONDS) continue;
      const days = Math.round((lifetime / 86400) * 10) / 10;
      reportJwt(ctx, s, {
        severity: lifetime > VERY_LONG_SECONDS ? "medium" : "low",
        message: `the token is valid for ${days} days (exp - iat).`,
        evidence: { detail: `lifetime ${lifetime} s` },
      });
    }
  },
});
