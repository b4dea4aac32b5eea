import { flipSignatureByte } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { describeSource } from "./_jwt.js";
import { jwtKey } from "./_jwt-report.js";
import { replayVariants } from "./_replay.js";

export default defineCheck({
  meta: {
    id: "jwt-signature-not-verified",
    title: "JWT signature not verified",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-347"],
    maxRequests: 22,
    description:
      "The API accepted the user's token with one signature byte changed: it decodes the claims without checking the signature, so any edited token (another user id, an admin role) is trusted.",
    remediation:
      "Verify every token (`jwt.verify`/`jwtVerify`, not `decode`) with the expected key and algorithm before reading its claims, on every route.",
    references: ["https://datatracker.ietf.org/doc/html/rfc7515#section-5.2"],
  },
  async run(ctx) {
    await replayVariants(
      ctx,
      (seen) => {
        const flipped = flipSignatureByte(seen.jwt.token);
        return flipped ? [{ token: flipped, label: "one signature byte flipped" }] : [];
      },
      ({ seen, target, variant, exchange }) =>
        ctx.report({
          message: `${describeSource(seen)} with ${variant.label} was accepted on ${new URL(exchange.request.url).pathname} (${exchange.status}; without a token: ${target.refused.status}).`,
          exchange,
          key: jwtKey(seen),
          evidence: { detail: "tampered signature; answer matches the genuine token's" },
        }),
    );
  },
});
