import { crackHmacSecret, resignHmac, secretHint, weakSecrets } from "../../detect/jwt/index.js";
import { type CheckContext, defineCheck } from "../../engine/check.js";
import { type Exchange, HttpError, textOf } from "../../engine/http.js";

/** A setting named like a signing secret (`JWT_SECRET=...`, `"tokenSecret": "..."`) in any response the scan saw. */
const SECRET_SETTING = /(?:jwt|token|secret|signing|hmac)[\w.-]{0,40}["']?\s*[:=]\s*["'`]?([^\s"'`,;}]{6,200})/gi;
const MAX_SEEN_SECRETS = 200;
const MAX_SCANNED_BODY = 256 * 1024;

/** Secret-looking values the target itself exposed (an `.env`, a config endpoint): tried before the dictionary. */
export function secretsSeen(ctx: Pick<CheckContext, "exchanges">): string[] {
  const found = new Set<string>();
  for (const x of ctx.exchanges()) {
    if (x.body.length === 0 || x.body.length > MAX_SCANNED_BODY) continue;
    for (const m of textOf(x).matchAll(SECRET_SETTING)) {
      if (found.size >= MAX_SEEN_SECRETS) return [...found];
      if (!m[1].startsWith("eyJ")) found.add(m[1]);
    }
  }
  return [...found];
}

import { jwtsSeen, type SeenJwt } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";
import { findProtectedTargets, grantedLike, type ProtectedTarget, sendWith } from "./_protected.js";
import { MAX_REPLAY_TARGETS } from "./_replay.js";

function cutByRails(err: unknown): undefined {
  if (err instanceof HttpError) return undefined;
  throw err;
}

/** Cracked tokens whose forgery is read back (each costs a few protected GETs). */
const MAX_READ_BACKS = 2;

/**
 * The proof beyond the offline crack: a token re-signed with the secret, with a claim of our own
 * added, is sent where the genuine token is granted and no token is refused. Answered like the
 * genuine one, the API trusts whatever its holder writes into a token.
 */
async function readBack(
  ctx: CheckContext,
  seen: SeenJwt,
  secret: string,
): Promise<{ exchange: Exchange; target: ProtectedTarget } | undefined> {
  const forged = resignHmac(seen.jwt, secret, { rmp: `rampart-${Math.floor(ctx.rng.next() * 1e9)}` });
  ctx.redact(forged);
  for (const target of await findProtectedTargets(ctx, seen.slot, seen.jwt.token, MAX_REPLAY_TARGETS)) {
    const exchange = await sendWith(ctx, seen.slot, forged, target.url);
    if (grantedLike(exchange, target.granted)) return { exchange, target };
  }
  return undefined;
}

export default defineCheck({
  meta: {
    id: "jwt-weak-secret",
    title: "JWT signed with a guessable HMAC secret",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-521", "CWE-347"],
    // After every probe, so secrets the other checks' answers exposed are known; a few GETs for the read-back.
    phase: "burst",
    maxRequests: 22,
    description:
      "An HS256/384/512 token whose secret is in a list of common secrets, or is a secret-looking value the target exposed during the scan (a `JWT_SECRET` in an `.env` or config answer), can be re-signed by anyone with any claims: another user's id, an admin role, a far-away expiry. The secret is found offline (the signature verifies with it: firm); the proof is then read back: a token re-signed with it, with an extra claim, is sent to up to three protected GETs where the genuine token is granted and no token is refused, and an answer like the genuine one confirms it.",
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
    const exposed = secretsSeen(ctx);
    let readBacks = 0;
    for (const s of seen) {
      const leaked = crackHmacSecret(s.jwt, exposed);
      const secret = leaked ?? crackHmacSecret(s.jwt, dictionary);
      if (!secret) continue;
      ctx.redact(secret);
      // The crack stands on its own: a read-back the rails cut short (a route sent once already, the
      // budget, the deadline) leaves the finding firm instead of losing it.
      const accepted = readBacks++ < MAX_READ_BACKS ? await readBack(ctx, s, secret).catch(cutByRails) : undefined;
      const proof = accepted
        ? ` A token re-signed with it, with a claim of ours added, was accepted on ${new URL(accepted.exchange.request.url).pathname} (${accepted.exchange.status}; without a token: ${accepted.target.refused.status}).`
        : "";
      reportJwt(ctx, s, {
        message: leaked
          ? `the ${s.jwt.alg} signature verifies with a secret the target itself exposed in a response (${secretHint(secret)}); anyone who reads it can mint valid tokens.${proof}`
          : `the ${s.jwt.alg} signature verifies with a common secret (${secretHint(secret)}, from a dictionary of ${dictionary.length}); anyone can mint valid tokens.${proof}`,
        confidence: accepted ? "confirmed" : "firm",
        evidence: {
          detail: `alg ${s.jwt.alg}; secret found offline ${leaked ? "among values exposed during the scan" : "in the built-in dictionary"}; ${accepted ? "a forged token was accepted on a protected GET" : "no forged token read back (no protected GET where the genuine token is granted and none refused, or it was refused)"}`,
        },
      });
    }
  },
});
