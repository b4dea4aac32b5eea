/**
 * Finding an operation that needs credentials, and replaying a credential on it. Active
 * authentication checks judge a forged or wrong credential only on such an operation: the
 * original credential is granted, no credential is refused, so a forged one that is granted
 * was really accepted.
 */

import { isRefusal, isSuccess, refusedComparedTo, shapeSimilarity } from "../../detect/response-shape.js";
import type { CheckContext } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { operationUrl } from "../../engine/target.js";

/** Where a credential travels: the Authorization bearer, a cookie, a header or a query parameter. */
export type CredentialSlot =
  | { kind: "bearer" }
  | { kind: "cookie"; name: string }
  | { kind: "header"; name: string }
  | { kind: "query"; name: string };

export interface ProtectedTarget {
  url: string;
  /** The answer with the original credential. */
  granted: Exchange;
  /** The answer without any credential. */
  refused: Exchange;
}

/** Request parts that carry `value` in `slot`; everything else of the identity is left off. */
export function placeCredential(
  slot: CredentialSlot,
  value: string,
  url: string,
): { url: string; headers: Record<string, string> } {
  switch (slot.kind) {
    case "bearer":
      return { url, headers: { authorization: `Bearer ${value}` } };
    case "cookie":
      return { url, headers: { cookie: `${slot.name}=${value}` } };
    case "header":
      return { url, headers: { [slot.name]: value } };
    case "query": {
      const u = new URL(url, "http://placeholder.invalid");
      u.searchParams.set(slot.name, value);
      return { url: u.pathname + u.search, headers: {} };
    }
  }
}

/** Where `value` sits in a request that carried it, if anywhere. */
export function slotOf(request: Exchange["request"], value: string): CredentialSlot | undefined {
  for (const [name, v] of Object.entries(request.headers)) {
    if (name === "authorization" && v.replace(/^bearer\s+/i, "") === value) return { kind: "bearer" };
    if (name === "cookie") {
      for (const pair of v.split(";")) {
        const [cookieName, ...rest] = pair.trim().split("=");
        if (rest.join("=") === value) return { kind: "cookie", name: cookieName };
      }
    }
    if (v === value) return { kind: "header", name };
  }
  for (const [name, v] of new URL(request.url).searchParams) if (v === value) return { kind: "query", name };
  return undefined;
}

/** Sends `value` in `slot` with no other credential of the scan. */
export function sendWith(ctx: CheckContext, slot: CredentialSlot, value: string, url: string): Promise<Exchange> {
  const placed = placeCredential(slot, value, url);
  return ctx.http.get(placed.url, { identity: "anonymous", headers: placed.headers });
}

/** A granted answer to a replay: a 2xx that is not an error body and has the shape of the original. */
export function grantedLike(x: Exchange, granted: Exchange): boolean {
  return isSuccess(x) && !isRefusal(x) && shapeSimilarity(x, granted) >= 0.8;
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/**
 * Up to `limit` GET operations where `value` in `slot` is granted and no credential is refused.
 * Uses the engine's baselines where they already prove one side; sends at most two requests per
 * operation tried and tries at most `limit + 1` operations.
 */
export async function findProtectedTargets(
  ctx: CheckContext,
  slot: CredentialSlot,
  value: string,
  limit = 1,
): Promise<ProtectedTarget[]> {
  const found: ProtectedTarget[] = [];
  let tried = 0;
  for (const op of ctx.target.operations) {
    if (op.method !== "GET" || !isRepeatable(op) || found.length >= limit || tried > limit) continue;
    const baseline = ctx.baseline(op);
    if (!baseline) continue;
    const url = baseline.redirects.length > 0 ? pathAndQuery(baseline.redirects.at(-1)!) : operationUrl(op);
    const baselineHadCredential = slotOf(baseline.request, value) !== undefined;
    if (baselineHadCredential && !isSuccess(baseline)) continue;
    if (!baselineHadCredential && !isRefusal(baseline)) continue;
    tried++;
    const plainUrl = slot.kind === "query" ? withoutParam(url, slot.name) : url;
    const refused = baselineHadCredential ? await ctx.http.get(plainUrl, { identity: "anonymous" }) : baseline;
    if (baselineHadCredential ? !refusedComparedTo(refused, baseline) : !isRefusal(refused)) continue;
    const granted = await sendWith(ctx, slot, value, plainUrl);
    if (!isSuccess(granted) || isRefusal(granted)) continue;
    found.push({ url: plainUrl, granted, refused });
  }
  return found;
}

function withoutParam(url: string, name: string): string {
  const u = new URL(url, "http://placeholder.invalid");
  u.searchParams.delete(name);
  return u.pathname + u.search;
}
