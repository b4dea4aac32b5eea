/**
 * Secret detector: finds provider credentials in any text (a response body, a JS bundle, a
 * source map, an exposed file). Pure functions; reused by the checks, the LLM suite and the guard.
 */
import { maskSecret } from "../redact.js";
import { looksLikePlaceholder, PLACEHOLDER_MARKERS, shannonEntropy } from "./filters.js";
import { SECRET_RULES, type SecretKind, type SecretRule } from "./rules.js";

export { shannonEntropy } from "./filters.js";
export {
  ALPHABETS,
  draw,
  type Rand,
  ruleById,
  SECRET_RULES,
  type SecretKind,
  type SecretRule,
  sampleAssignment,
} from "./rules.js";

export interface SecretMatch {
  ruleId: string;
  provider: string;
  kind: SecretKind;
  severity: SecretRule["severity"];
  /** The raw secret. Never put it in a finding: pass it in `secrets` and show `masked`. */
  value: string;
  /** Offset of the value in the scanned text. */
  start: number;
  /** Provider-recognisable stand-in: at most six leading characters, the length and a hash. */
  masked: string;
}

export interface DetectOptions {
  /**
   * Text we sent ourselves (URL, headers, body). A value found there is an echo of our own
   * request, not a leak, and is dropped.
   */
  sent?: readonly string[];
}

/** How far before a value a context word (e.g. `together`, `mistral`) may stand. */
const CONTEXT_WINDOW = 80;
/** Default floor for the random part of a key: below it the value is typed, not generated. */
const DEFAULT_MIN_ENTROPY = 3;

function accepted(rule: SecretRule, value: string, text: string, start: number, sent: readonly string[]): boolean {
  if (rule.context && !rule.context.test(text.slice(Math.max(0, start - CONTEXT_WINDOW), start))) return false;
  const body = rule.prefix ? value.replace(rule.prefix, "") : value;
  if (shannonEntropy(body) < (rule.minEntropy ?? DEFAULT_MIN_ENTROPY)) return false;
  if (rule.longBody ? PLACEHOLDER_MARKERS.test(body) : looksLikePlaceholder(body)) return false;
  if (rule.valid && !rule.valid(value)) return false;
  return !sent.some((s) => s.includes(value));
}

/** Every secret in `text`, in order of appearance; overlapping matches keep the longest. */
export function detectSecrets(text: string, options: DetectOptions = {}): SecretMatch[] {
  const lower = text.toLowerCase();
  const sent = options.sent ?? [];
  const found: SecretMatch[] = [];
  for (const rule of SECRET_RULES) {
    if (rule.hint && !lower.includes(rule.hint)) continue;
    for (const m of text.matchAll(rule.pattern)) {
      const value = m.groups?.secret ?? m[0];
      const start = (m.index ?? 0) + m[0].lastIndexOf(value);
      if (!accepted(rule, value, text, start, sent)) continue;
      found.push({
        ruleId: rule.id,
        provider: rule.provider,
        kind: rule.kind,
        severity: rule.severity,
        value,
        start,
        masked: maskSecret(value),
      });
    }
  }
  return withoutOverlaps(found);
}

function withoutOverlaps(matches: SecretMatch[]): SecretMatch[] {
  const sorted = matches.slice().sort((a, b) => a.start - b.start || b.value.length - a.value.length);
  const kept: SecretMatch[] = [];
  for (const m of sorted) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.start + last.value.length) continue;
    kept.push(m);
  }
  return kept;
}

/**
 * A one-line excerpt around a match with every detected secret replaced by its mask, so the
 * evidence shows where the key sits (`const TOGETHER_KEY="tgp_v1…[redacted …]"`) and nothing more.
 */
export function redactedExcerpt(text: string, match: SecretMatch, all: readonly SecretMatch[], radius = 40): string {
  const from = Math.max(0, match.start - radius);
  const to = Math.min(text.length, match.start + match.value.length + radius);
  let out = "";
  let pos = from;
  // Walk the window by offsets so a secret cut at either edge is masked too, not left half visible.
  for (const m of [...all].sort((a, b) => a.start - b.start)) {
    const end = m.start + m.value.length;
    if (end <= pos || m.start >= to) continue;
    out += text.slice(pos, Math.max(pos, m.start)) + m.masked;
    pos = Math.min(end, to);
  }
  out += text.slice(pos, to);
  return out.replace(/\s+/g, " ").trim();
}

/** Distinct secrets by value (the same key repeated in one body is one leak). */
export function distinctSecrets(matches: readonly SecretMatch[]): SecretMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    if (seen.has(m.value)) return false;
    seen.add(m.value);
    return true;
  });
}

/** `text` with every detected secret replaced by its mask: for logs, LLM output and anything shown to people. */
export function maskSecretsIn(text: string, options: DetectOptions = {}): string {
  let out = text;
  for (const m of detectSecrets(text, options).sort((a, b) => b.start - a.start))
    out = out.slice(0, m.start) + m.masked + out.slice(m.start + m.value.length);
  return out;
}
