import { forgeAlgNone } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { describeSource } from "./_jwt.js";
import { jwtKey } from "./_jwt-report.js";
import { replayVariants } from "./_replay.js";

/** Spellings that slip past case-sensitive deny-lists. */
const NONE_SPELLINGS = ["none", "None"];

export default defineCheck({
  meta: {
    id: "jwt-alg-none-accepted",
    title: "Unsigned JWT (alg: none) accepted",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-347", "CWE-287"],
    maxRequests: 28,
    description:
      "The API accepted a token re-issued with `alg: none` and no signature: anyone can write their own claims (any user id, any role) and be let in. The check replays the user's own claims, unsigned, on up to three GETs that need authentication.",
    remediation:
      "Verify tokens with an explicit algorithm allow-list (e.g. jose `jwtVerify(token, key, { algorithms: ['RS256'] })`) and never accept `none`; update JWT libraries that honour the token's own `alg`.",
    references: [
      "https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
      "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/",
    ],
  },
  async run(ctx) {
    await replayVariants(
      ctx,
      (seen) =>
        seen.jwt.alg.toLowerCase() === "none"
          ? []
          : NONE_SPELLINGS.map((spelling) => ({ token: forgeAlgNone(seen.jwt, spelling), label: `alg "${spelling}"` })),
      ({ seen, target, variant, exchange }) =>
        ctx.report({
          message: `${describeSource(seen)} re-issued with ${variant.label} and an empty signature was accepted on ${new URL(exchange.request.url).pathname} (${exchange.status}; without a token: ${target.refused.status}).`,
          exchange,
          key: jwtKey(seen),
          evidence: { detail: `forged ${variant.label}, signature removed; answer matches the genuine token's` },
        }),
    );
  },
});
