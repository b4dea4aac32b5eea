/**
 * Every JWT the scan has seen, with where it came from and how to send it back: the user's
 * own identity (request headers, cookies, query), response bodies and headers, and cookies
 * the API set.
 */

import { type DecodedJwt, decodeToken, findJwts } from "../../detect/jwt/index.js";
import type { CheckContext } from "../../engine/check.js";
import { type Exchange, textOf } from "../../engine/http.js";
import { ArtefactKey } from "../../engine/seams.js";
import { type CredentialSlot, slotOf } from "./_protected.js";

/** Memo of `jwtsSeen` by phase and exchange count. */
const SEEN_JWTS = new ArtefactKey<Map<string, SeenJwt[]>>("JWTs seen in the scan's exchanges");

export interface SeenJwt {
  jwt: DecodedJwt;
  source: "identity" | "response" | "cookie";
  /** How the token is sent back when replayed. */
  slot: CredentialSlot;
  /** The exchange where the token was first seen. */
  exchange: Exchange;
}

function requestText(x: Exchange): string {
  return [x.request.url, ...Object.values(x.request.headers)].join("\n");
}

/**
 * Distinct JWTs in a deterministic order: identity tokens first, then cookies, then response
 * bodies. Probe checks run while other checks are still sending, so they look only at the
 * engine's baselines; passive checks see every exchange. Computed once per exchange set.
 */
export function jwtsSeen(ctx: CheckContext): SeenJwt[] {
  const all = ctx.exchanges();
  const exchanges = ctx.meta.phase === "probe" ? all.filter((x) => x.checkId === "baseline") : all;
  const memo = ctx.artefacts.once(SEEN_JWTS, () => new Map());
  const memoKey = `${ctx.meta.phase}:${exchanges.length}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const found = collect(exchanges);
  memo.set(memoKey, found);
  return found;
}

function collect(exchanges: readonly Exchange[]): SeenJwt[] {
  const byToken = new Map<string, SeenJwt>();
  const add = (seen: SeenJwt) => {
    if (!byToken.has(seen.jwt.token)) byToken.set(seen.jwt.token, seen);
  };
  for (const x of exchanges) {
    if (x.identity === "anonymous") continue;
    for (const jwt of findJwts(requestText(x))) {
      const slot = slotOf(x.request, jwt.token);
      if (slot) add({ jwt, source: "identity", slot, exchange: x });
    }
  }
  for (const x of exchanges) {
    for (const cookie of x.setCookies) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      const jwt = eq > 0 ? decodeToken(pair.slice(eq + 1).trim()) : undefined;
      if (jwt) add({ jwt, source: "cookie", slot: { kind: "cookie", name: pair.slice(0, eq).trim() }, exchange: x });
    }
  }
  for (const x of exchanges) {
    const headerText = Object.entries(x.headers)
      .filter(([name]) => name !== "set-cookie")
      .map(([, v]) => v)
      .join("\n");
    for (const jwt of findJwts(`${headerText}\n${textOf(x)}`))
      add({ jwt, source: "response", slot: { kind: "bearer" }, exchange: x });
  }
  return [...byToken.values()];
}

export function describeSource(seen: SeenJwt): string {
  const where = new URL(seen.exchange.request.url).pathname;
  switch (seen.source) {
    case "identity":
      return "the token given with --auth";
    case "cookie":
      return `a token set as cookie ${seen.slot.kind === "cookie" ? seen.slot.name : ""} by ${where}`;
    case "response":
      return `a token returned by ${where}`;
  }
}
