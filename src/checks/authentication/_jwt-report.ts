/** Shared wording for the passive JWT checks: where each token was seen, as the finding's anchor. */
import type { CheckContext, FindingInput } from "../../engine/check.js";
import { describeSource, type SeenJwt } from "./_jwt.js";

/** Stable key of a token's origin (never the token itself: tokens change between runs). */
export function jwtKey(seen: SeenJwt): string {
  const slot = seen.slot.kind === "bearer" ? "bearer" : `${seen.slot.kind}:${seen.slot.name}`;
  return `${seen.source}:${slot}`;
}

export function reportJwt(ctx: CheckContext, seen: SeenJwt, finding: Omit<FindingInput, "exchange" | "key">): void {
  ctx.redact(seen.jwt.token);
  ctx.report({
    ...finding,
    message: `${capitalise(describeSource(seen))}: ${finding.message}`,
    exchange: seen.exchange,
    key: jwtKey(seen),
    // One token (or one issuer) seen on several operations is one weakness, not one per route.
    cause: jwtKey(seen),
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
