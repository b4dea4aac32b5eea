import { createHash } from "node:crypto";

/**
 * A stand-in for a secret that still lets a reader recognise it: at most six leading
 * characters (fewer for short values), the length and a short hash. Never the whole value.
 */
export function maskSecret(value: string): string {
  const shown = value.slice(0, Math.min(6, Math.floor(value.length / 4)));
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `${shown}…[redacted len=${value.length} sha256:${hash}]`;
}

/** Replaces every occurrence of each value (longest first) with its mask. Values under 4 characters are left. */
export function redactValues(text: string, values: Iterable<string>): string {
  const unique = [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of unique) {
    if (out.includes(v)) out = out.split(v).join(maskSecret(v));
    // Also catch the JSON-escaped and URL-encoded spellings of the same value.
    for (const variant of [JSON.stringify(v).slice(1, -1), encodeURIComponent(v)]) {
      if (variant !== v && out.includes(variant)) out = out.split(variant).join(maskSecret(v));
    }
  }
  return out;
}

/**
 * `redactValues` applied to every string inside a JSON-like value. Working on the strings, not on
 * serialized JSON, means a short or numeric secret can never break the document's syntax.
 */
export function redactDeep<T>(value: T, values: Iterable<string>): T {
  const list = [...new Set(values)].filter((v) => v.length >= 4);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactValues(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  // Through JSON first, so objects that serialise themselves (toJSON) are redacted as they will be written.
  return walk(JSON.parse(JSON.stringify(value))) as T;
}
