import type { CheckContext } from "../../engine/check.js";

/**
 * Runs `fetch` once per scan and hands every caller the same promise, so sibling checks that need
 * the same response (the HTML root, the arbitrary-origin CORS probe) do not each send it. The
 * requests count against whichever check asked first; a check run alone still sends its own.
 */
export function sharedOnce<T>(ctx: Pick<CheckContext, "artefacts">, key: string, fetch: () => Promise<T>): Promise<T> {
  const artefactKey = `input-validation.shared.${key}`;
  let shared = ctx.artefacts.get(artefactKey) as Promise<T> | undefined;
  if (!shared) {
    shared = fetch();
    ctx.artefacts.set(artefactKey, shared);
  }
  return shared;
}
