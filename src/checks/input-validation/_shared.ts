import type { CheckContext } from "../../engine/check.js";
import type { ArtefactKey } from "../../engine/seams.js";

/** Pending responses by what was asked (`html-root`, `<variant> <url>`), one map per kind of response. */
export type SharedResponses<T> = ArtefactKey<Map<string, Promise<T>>>;

/**
 * Runs `fetch` once per scan and hands every caller the same promise, so sibling checks that need
 * the same response (the HTML root, the arbitrary-origin CORS probe) do not each send it. The
 * requests count against whichever check asked first; a check run alone still sends its own.
 */
export function sharedOnce<T>(
  ctx: Pick<CheckContext, "artefacts">,
  kind: SharedResponses<T>,
  asked: string,
  fetch: () => Promise<T>,
): Promise<T> {
  const shared = ctx.artefacts.once(kind, () => new Map());
  let pending = shared.get(asked);
  if (!pending) {
    pending = fetch();
    shared.set(asked, pending);
  }
  return pending;
}
