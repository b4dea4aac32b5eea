/**
 * filterOutput: PII and provider secrets in an answer are masked (src/detect); an answer holding
 * a protected string or a canary token, as written or encoded (base64, hex, ROT13, spaced out),
 * is withheld. The stream filter does the same while tokens flow: it holds back only the tail
 * that could still grow into something to mask (the last word, a run of digits, the start of a
 * protected string), so the first token is not delayed by more than one word.
 */
import { detectPii, emails } from "../detect/pii/index.js";
import { detectSecrets } from "../detect/secrets/index.js";
import { decodedSegments, rot13 } from "../detect/text-forms.js";
import type { GuardPolicy } from "./config.js";

export const WITHHELD_MESSAGE = "[The answer was withheld by the guard because it contained protected content.]";

export interface OutputResult {
  text: string;
  /** Set when the answer held a protected string or a canary: `text` is then the withheld notice. */
  blocked?: "protected" | "canary";
  /** How many values were masked, by kind (`pii:email`, `secret:openai`...). */
  redactions: Record<string, number>;
}

/**
 * Markup an answer can use to exfiltrate data or run code in the page that renders it: a markdown
 * or HTML image loads its URL (with whatever the model put in it) without a click.
 */
const MARKUP: { kind: string; pattern: RegExp; replace: string }[] = [
  { kind: "markup:image", pattern: /!\[[^\]\n]{0,300}\]\([^)\n]{0,2000}\)/g, replace: "[image removed]" },
  { kind: "markup:image", pattern: /<img\b[^>]{0,2000}>/gi, replace: "[image removed]" },
  { kind: "markup:script", pattern: /<script\b[\s\S]{0,4000}?(?:<\/script\s*>|$)/gi, replace: "[script removed]" },
  {
    kind: "markup:javascript-link",
    pattern: /\[([^\]\n]{0,300})\]\(\s*javascript:(?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)/gi,
    replace: "$1",
  },
  { kind: "markup:javascript-link", pattern: /\bjavascript:[^\s)"'<>]{0,2000}/gi, replace: "[link removed]" },
];
/** Openings of markup that may still be completed by the next tokens (held back in streams). */
const OPEN_MARKUP =
  /!\[[^\]\n]{0,300}(?:\]\([^)\n]{0,2000})?$|<(?:i(?:m(?:g\b[^>]{0,2000})?)?|s(?:c(?:r(?:i(?:p(?:t\b[\s\S]{0,4000})?)?)?)?)?)?$|\[[^\]\n]{0,300}(?:\]\(\s*[^)\n]{0,2000})?$|j(?:a(?:v(?:a(?:s(?:c(?:r(?:i(?:p(?:t:?)?)?)?)?)?)?)?)?)?$/i;

/** Letters and digits only, lower case: "ACME staff-4417" and "acme-staff 4417" read the same. */
const normalise = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

export class OutputPolicy {
  private readonly watched: { norm: string; kind: "protected" | "canary" }[];
  readonly longestWatched: number;

  constructor(private readonly policy: GuardPolicy["output"]) {
    this.watched = [
      ...policy.protected.map((s) => ({ norm: normalise(s), kind: "protected" as const })),
      ...policy.canaries.map((s) => ({ norm: normalise(s), kind: "canary" as const })),
    ].filter((w) => w.norm.length >= 4);
    this.longestWatched = Math.max(0, ...[...policy.protected, ...policy.canaries].map((s) => s.length));
  }

  /** Which watched string (if any) `text` reveals in any reading. */
  leak(text: string): "protected" | "canary" | undefined {
    if (this.watched.length === 0) return undefined;
    const readings = [text, rot13(text), ...decodedSegments(text)].map(normalise);
    // Canaries first: a canary is the more specific signal for the logs.
    const hit = [...this.watched]
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "canary" ? -1 : 1))
      .find((w) => readings.some((r) => r.includes(w.norm)));
    return hit?.kind;
  }

  /**
   * `text` with secrets and PII masked. Detection also sees `context` (text already sent just
   * before), so context-dependent rules still fire across a stream boundary; only matches
   * inside `text` are replaced.
   */
  redact(raw: string, counts: Record<string, number>, context = ""): string {
    if (!raw) return raw;
    const text = this.policy.strip_markup ? stripMarkup(raw, counts) : raw;
    const whole = context + text;
    const spans: { start: number; end: number; mask: string; kind: string }[] = [];
    if (this.policy.redact.includes("secrets"))
      for (const s of detectSecrets(whole))
        spans.push({
          start: s.start,
          end: s.start + s.value.length,
          mask: `[redacted ${s.provider} secret]`,
          kind: `secret:${s.provider}`,
        });
    if (this.policy.redact.includes("pii"))
      // Every address is masked in an answer, documentation domains and shared mailboxes too.
      for (const p of [...detectPii(whole).filter((m) => m.kind !== "email"), ...emails(whole, true)])
        if (p.kind !== "internal-ip")
          spans.push({
            start: p.start,
            end: p.start + p.value.length,
            mask: p.kind.endsWith("card") ? `[card ${p.masked}]` : p.masked,
            kind: `pii:${p.kind}`,
          });
    let out = text;
    let lastStart = Number.POSITIVE_INFINITY;
    for (const s of spans.sort((a, b) => b.start - a.start)) {
      if (s.end <= context.length || s.end > lastStart) continue;
      const from = Math.max(0, s.start - context.length);
      out = out.slice(0, from) + s.mask + out.slice(s.end - context.length);
      lastStart = s.start;
      counts[s.kind] = (counts[s.kind] ?? 0) + 1;
    }
    return out;
  }

  filter(text: string): OutputResult {
    const redactions: Record<string, number> = {};
    const blocked = this.leak(text);
    if (blocked) return { text: WITHHELD_MESSAGE, blocked, redactions };
    return { text: this.redact(text, redactions), redactions };
  }

  stream(): StreamFilter {
    return new StreamFilter(this);
  }

  /**
   * Where the part of `pending` that may still change begins: the trailing word (a key or an
   * address being written), a trailing run of digits and separators (a card or phone number),
   * and any tail that could be the start of a protected string.
   */
  holdFrom(pending: string): number {
    let from = pending.length;
    const word = /\S+$/.exec(pending);
    if (word) from = word.index;
    if (this.policy.strip_markup) {
      const open = OPEN_MARKUP.exec(pending);
      if (open) from = Math.min(from, open.index);
    }
    const number = /[+(\d][\d\s().-]{0,40}$/.exec(pending);
    if (number && /\d/.test(number[0])) from = Math.min(from, number.index);
    if (this.watched.length) {
      const window = Math.min(pending.length, this.longestWatched * 2 + 8);
      for (let i = pending.length - window; i < pending.length; i++) {
        const tail = normalise(pending.slice(i));
        if (tail && this.watched.some((w) => w.norm.startsWith(tail))) {
          from = Math.min(from, i);
          break;
        }
      }
    }
    // Never cut inside a word: masks and markup patterns need the whole token (`alert(1)`).
    while (from > 0 && from < pending.length && !/\s/.test(pending[from - 1])) from--;
    return from;
  }
}

function stripMarkup(text: string, counts: Record<string, number>): string {
  let out = text;
  for (const m of MARKUP)
    out = out.replace(m.pattern, (...args: unknown[]) => {
      counts[m.kind] = (counts[m.kind] ?? 0) + 1;
      return m.replace === "$1" ? String(args[1]) : m.replace;
    });
  return out;
}

/** Incremental filter for one streamed choice. */
export class StreamFilter {
  private sent = "";
  private pending = "";
  blocked: OutputResult["blocked"];
  readonly redactions: Record<string, number> = {};

  constructor(private readonly output: OutputPolicy) {}

  /** Adds a delta; returns what may be sent now ("" when it must wait or the answer is withheld). */
  push(delta: string): string {
    if (this.blocked) return "";
    this.pending += delta;
    // Only the recent text can complete a new leak; the window covers the longest watched string encoded.
    const recent = this.sent.slice(-(this.output.longestWatched * 3 + 64)) + this.pending;
    this.blocked = this.output.leak(recent);
    if (this.blocked) return "";
    const cut = this.output.holdFrom(this.pending);
    return this.release(cut);
  }

  /** The end of the choice: everything still held, filtered. */
  end(): string {
    if (this.blocked) return "";
    this.blocked = this.output.leak(this.sent.slice(-(this.output.longestWatched * 3 + 64)) + this.pending);
    if (this.blocked) return "";
    return this.release(this.pending.length);
  }

  private release(cut: number): string {
    if (cut <= 0) return "";
    const ready = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    const out = this.output.redact(ready, this.redactions, this.sent.slice(-120));
    this.sent += ready;
    return out;
  }
}
