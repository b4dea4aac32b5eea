import { createHmac } from "node:crypto";
import { shannonEntropy } from "./secrets/filters.js";
import { SECRET_RULES } from "./secrets/rules.js";

/** What every mask says in place of the secret. */
export const REDACTED = "[redacted]";

/** A provider prefix is shown only before this much randomness: nobody can guess the rest. */
const MIN_HIDDEN_CHARS = 20;
const MIN_HIDDEN_ENTROPY = 3.5;
/** Secret kinds whose value is chosen by people (passwords, connection strings): never any prefix. */
const CHOSEN_KINDS = new Set(["database", "url-credentials", "private-key"]);

/**
 * The (longest) public prefix of a provider key format (`tgp_v1_`, `sk-proj-`, `ghp_`...), when the value
 * has that format and the rest is long random text; otherwise nothing.
 */
export function publicPrefix(value: string): string {
  let longest = "";
  for (const rule of SECRET_RULES) {
    if (!rule.prefix || CHOSEN_KINDS.has(rule.kind)) continue;
    const prefix = rule.prefix.exec(value)?.[0];
    // Only a literal format marker ending in a separator is public; `[A-Z]{4}` or `\d+:` are not.
    if (!prefix || !/[_\-.]$/.test(prefix)) continue;
    const rest = value.slice(prefix.length);
    if (prefix.length > longest.length && rest.length >= MIN_HIDDEN_CHARS && shannonEntropy(rest) >= MIN_HIDDEN_ENTROPY)
      longest = prefix;
  }
  return longest;
}

/**
 * A stand-in for a secret that reveals nothing about it: no length, no hash, only a provider
 * prefix that is public anyway (`tgp_v1_…[redacted]`). A password or token of unknown format
 * is `[redacted]`.
 */
export function maskSecret(value: string): string {
  const prefix = publicPrefix(value);
  return prefix ? `${prefix}…${REDACTED}` : REDACTED;
}

/**
 * A per-secret tag for finding keys, so two different leaked secrets stay two findings: an HMAC
 * under `RAMPART_MASK_KEY` (a CI secret: reports and baselines made with it match), and
 * otherwise nothing at all, because any unkeyed hash would let a reader test guesses offline.
 */
export function secretTag(value: string, key: string | undefined = process.env.RAMPART_MASK_KEY): string {
  if (!key) return "";
  return createHmac("sha256", key).update(value).digest("hex").slice(0, 12);
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
