/**
 * The active JWT checks share one protocol: take up to two tokens the scan has seen, find up to
 * three operations where the original token is granted and no token is refused, then replay forged
 * variants there. A variant answered like the original was accepted.
 */
import type { CheckContext } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { jwtsSeen, type SeenJwt } from "./_jwt.js";
import { findProtectedTargets, grantedLike, type ProtectedTarget, sendWith } from "./_protected.js";

const MAX_TOKENS = 2;
/** Protected GETs a token's variants are replayed on (the profile, a listing, an item): one may check what another skips. */
export const MAX_REPLAY_TARGETS = 3;

export interface Variant {
  token: string;
  /** What was changed, for the message (e.g. `alg "none"`). */
  label: string;
}

export interface Accepted {
  seen: SeenJwt;
  target: ProtectedTarget;
  variant: Variant;
  exchange: Exchange;
}

export async function replayVariants(
  ctx: CheckContext,
  variantsOf: (seen: SeenJwt) => Variant[],
  onAccepted: (accepted: Accepted) => void,
): Promise<void> {
  const candidates = jwtsSeen(ctx)
    .filter((s) => variantsOf(s).length > 0)
    .slice(0, MAX_TOKENS);
  if (candidates.length === 0) return ctx.skip("no JWT seen that this check can vary");
  let judged = false;
  for (const seen of candidates) {
    ctx.redact(seen.jwt.token);
    const targets = await findProtectedTargets(ctx, seen.slot, seen.jwt.token, MAX_REPLAY_TARGETS);
    if (targets.length > 0) judged = true;
    replay: for (const target of targets) {
      for (const variant of variantsOf(seen)) {
        ctx.redact(variant.token);
        const x = await sendWith(ctx, seen.slot, variant.token, target.url);
        if (grantedLike(x, target.granted)) {
          onAccepted({ seen, target, variant, exchange: x });
          break replay;
        }
      }
    }
  }
  if (!judged) ctx.inconclusive("no operation where the token is granted and its absence refused");
}
