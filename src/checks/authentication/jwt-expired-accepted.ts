import { crackHmacSecret, isExpired, resignHmac } from "../../detect/jwt/index.js";
import { isRefusal } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { describeSource, jwtsSeen } from "./_jwt.js";
import { jwtKey } from "./_jwt-report.js";
import { findProtectedTargets } from "./_protected.js";
import { replayVariants } from "./_replay.js";

/** How far in the past the re-signed copy expired: well beyond any clock-skew leeway. */
const EXPIRED_AGO_SECONDS = 7 * 24 * 3600;

export default defineCheck({
  meta: {
    id: "jwt-expired-accepted",
    title: "Expired JWT still accepted",
    category: "authentication",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-613"],
    maxRequests: 10,
    description:
      "The API let in a token whose `exp` lies in the past. Either the user's own token has expired and still works, or a copy re-signed with a cracked weak secret and an `exp` a week ago was accepted: expiry is not enforced, so stolen tokens never stop working.",
    remediation:
      "Reject tokens whose `exp` has passed (allow at most a minute of clock skew); most libraries do this unless `ignoreExpiration` or an equivalent is set.",
    references: ["https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4"],
  },
  async run(ctx) {
    const now = Math.floor(Date.now() / 1000);
    // The user's own token may already be expired: then being granted at all is the finding.
    for (const seen of jwtsSeen(ctx)
      .filter((s) => isExpired(s.jwt.payload, now))
      .slice(0, 1)) {
      ctx.redact(seen.jwt.token);
      const [target] = await findProtectedTargets(ctx, seen.slot, seen.jwt.token);
      // Refused where it was sent: expiry is enforced (a pass), unless nothing could be judged.
      if (!target) {
        const refusedSomewhere = ctx.exchanges().some((x) => x.seq === seen.exchange.seq && isRefusal(x));
        if (!refusedSomewhere) ctx.inconclusive("the expired token was neither granted nor refused");
        return;
      }
      const ago = Math.round((now - Number(seen.jwt.payload.exp)) / 60);
      ctx.report({
        message: `${describeSource(seen)} expired ${ago} minutes ago and was still accepted on ${new URL(target.granted.request.url).pathname} (${target.granted.status}; without a token: ${target.refused.status}).`,
        exchange: target.granted,
        key: jwtKey(seen),
        evidence: { detail: "token past its exp accepted" },
      });
      return;
    }
    await replayVariants(
      ctx,
      (seen) => {
        if (isExpired(seen.jwt.payload, now)) return [];
        const secret = crackHmacSecret(seen.jwt);
        if (!secret) return [];
        // Short dictionary words would blank ordinary text in the report; longer ones are masked.
        if (secret.length >= 8) ctx.redact(secret);
        return [
          {
            token: resignHmac(seen.jwt, secret, { exp: now - EXPIRED_AGO_SECONDS }),
            label: "re-signed with the cracked secret and an exp a week ago",
          },
        ];
      },
      ({ seen, target, variant, exchange }) =>
        ctx.report({
          message: `${describeSource(seen)}, ${variant.label}, was accepted on ${new URL(exchange.request.url).pathname} (${exchange.status}; without a token: ${target.refused.status}).`,
          exchange,
          key: jwtKey(seen),
          evidence: { detail: "expired token accepted" },
        }),
    );
  },
});
