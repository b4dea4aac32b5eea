/** Pure text helpers for verdicts: words, n-grams, novelty against our own requests, encodings. */

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? [];
}

export function ngrams(tokens: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(" "));
  return out;
}

/**
 * The parts of `reply` that did not come from any of `sources` (our own requests, a baseline):
 * every word covered by an n-gram that also occurs in a source is dropped. What is left is
 * what the endpoint produced by itself, so an API that reflects its input leaves nothing.
 */
export function novelText(reply: string, sources: readonly string[], n = 4): string {
  const replyTokens = words(reply);
  if (replyTokens.length === 0) return "";
  const known = new Set<string>();
  for (const s of sources) for (const g of ngrams(words(s), n)) known.add(g);
  const covered = new Array<boolean>(replyTokens.length).fill(false);
  for (let i = 0; i + n <= replyTokens.length; i++) {
    if (known.has(replyTokens.slice(i, i + n).join(" "))) for (let j = i; j < i + n; j++) covered[j] = true;
  }
  const runs: string[] = [];
  let current: string[] = [];
  replyTokens.forEach((t, i) => {
    if (covered[i]) {
      if (current.length) runs.push(current.join(" "));
      current = [];
    } else current.push(t);
  });
  if (current.length) runs.push(current.join(" "));
  return runs.join(" | ");
}

/** Sentences (and list lines), split on terminal punctuation, colons and new lines. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function clip(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

// The encodings the probes use and the verdicts undo live in src/detect, shared with the guard.
export {
  decodedSegments,
  fromUnicodeTags,
  leetspeak,
  readableForms,
  rot13,
  toUnicodeTags,
  zeroWidthSplit,
} from "../detect/text-forms.js";
