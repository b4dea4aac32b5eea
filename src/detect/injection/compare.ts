/**
 * Whether two answers of an endpoint are "the same page": the noise model behind differential
 * probes. Values that change on every call (numbers, timestamps, ids, tokens) and the echo of the
 * value that was sent are blanked before comparing, then the token multisets must nearly agree.
 */
export interface Answer {
  status: number;
  text: string;
}

const VOLATILE: readonly RegExp[] = [
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  /\b[0-9a-f]{16,}\b/gi,
  /\b[A-Za-z0-9_-]{32,}\b/g,
  /\d+(\.\d+)?/g,
];

function escapes(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
  const html2 = html.replace(/&#39;/g, "&#x27;");
  return [...new Set([value, json, html, html2, encodeURIComponent(value)])]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
}

/** The text with every echo of the sent values and every volatile value blanked. */
export function normalise(text: string, sent: readonly string[] = []): string {
  let out = text;
  // Longest first, so a payload is blanked whole before a shorter value inside it. A number is left to the
  // volatile rule below: blanking "1" would also cut every random id that happens to contain a 1.
  const echoes = [...sent].filter((v) => !/^\d+(\.\d+)?$/.test(v)).sort((a, b) => b.length - a.length);
  for (const value of echoes) for (const form of escapes(value)) out = out.split(form).join("\u0000");
  for (const re of VOLATILE) out = out.replace(re, "0");
  return out;
}

function tokens(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of text.split(/[^\p{L}\p{N}_\u0000]+/u)) if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** 1 for identical token multisets, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const ta = tokens(a);
  const tb = tokens(b);
  let common = 0;
  let total = 0;
  for (const [t, n] of ta) {
    common += Math.min(n, tb.get(t) ?? 0);
    total += n;
  }
  for (const n of tb.values()) total += n;
  return total === 0 ? (a.length === b.length ? 1 : 0) : (2 * common) / total;
}

/** Same status and nearly the same content once volatile values and echoes are blanked. */
export function sameAnswer(a: Answer, b: Answer, sent: readonly string[] = [], threshold = 0.98): boolean {
  if (a.status !== b.status) return false;
  return similarity(normalise(a.text, sent), normalise(b.text, sent)) >= threshold;
}
