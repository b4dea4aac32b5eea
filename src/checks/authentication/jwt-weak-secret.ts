import { crackHmacSecret, secretHint, weakSecrets } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { jwtsSeen } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";

export default defineCheck({
  meta: {
    id: "jwt-weak-secret",
    title: "JWT signed with a guessable HMAC secret",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-521", "CWE-347"],
    phase: "passive",
    maxRequests: 0,
    description:
      "An HS256/384/512 token whose secret is in a list of common secrets can be re-signed by anyone with any claims: another user's id, an admin role, a far-away expiry. The secret is found offline; no request is sent.",
    remediation:
      "Sign with a random secret of at least 256 bits from a secrets manager (e.g. `openssl rand -base64 48`), or with an asymmetric key (RS256/ES256/EdDSA); rotate the secret now, since every token signed with it can be forged.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/",
      "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5",
    ],
  },
  async run(ctx) {
    const seen = jwtsSeen(ctx);
    if (seen.length === 0) return ctx.skip("no JWT seen");
    const dictionary = weakSecrets();
    for (const s of seen) {
      const secret = crackHmacSecret(s.jwt, dictionary);
      if (!secret) continue;
      reportJwt(ctx, s, {
        message: `the ${s.jwt.alg} signature verifies with a common secret (${secretHint(secret)}, from a dictionary of ${dictionary.length}); anyone can mint valid tokens.`,
        evidence: { detail: `alg ${s.jwt.alg}; secret found offline in the built-in dictionary` },
      });
    }
  },
});
