/**
 * The labelled detector corpus: JSONL files of true and false positives. Key-shaped material is
 * never stored: cases hold templates (`{{rule:together-api-key}}`, `{{hex:64}}`, `{{card:4:16}}`)
 * that are expanded here with a seeded generator, so every run sees the same texts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { detectPii, luhnValid } from "../../src/detect/pii/index.js";
import { ALPHABETS, detectSecrets, draw, type Rand, ruleById } from "../../src/detect/secrets/index.js";
import { detectStackTrace } from "../../src/detect/stack-traces/index.js";
import { createRng } from "../../src/engine/rng.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface CorpusCase<E> {
  id: string;
  text: string;
  expect: E;
}

function card(rand: Rand, prefix: string, length: number, valid = true): string {
  const body = prefix + draw(rand, ALPHABETS.digits, length - prefix.length - 1);
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d) === valid) return body + d;
  throw new Error("unreachable");
}

function iban(rand: Rand, country: string, length: number): string {
  const bban = draw(rand, ALPHABETS.digits, length - 4);
  const numeric = (bban + country + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return `${country}${String(98 - remainder).padStart(2, "0")}${bban}`;
}

function ssnDigits(rand: Rand): string {
  const area = String(100 + Math.floor(rand() * 565)).padStart(3, "0");
  return `${area}${draw(rand, "123456789", 2)}${draw(rand, "123456789", 4)}`;
}

const group4 = (s: string, sep: string) => s.match(/.{1,4}/g)!.join(sep);

function uuid(rand: Rand): string {
  const h = (n: number) => draw(rand, ALPHABETS.hex, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${draw(rand, "89ab", 1)}${h(3)}-${h(12)}`;
}

/** Expands one template token; unknown tokens are an error in the corpus, not a silent literal. */
function expandToken(token: string, rand: Rand): string {
  const [kind, a, b] = token.split(":");
  const n = Number(a);
  switch (kind) {
    case "rule": {
      const rule = ruleById(a);
      if (!rule) throw new Error(`corpus: unknown rule ${a}`);
      return rule.sample(rand);
    }
    case "hex":
      return draw(rand, ALPHABETS.hex, n);
    case "alnum":
      return draw(rand, ALPHABETS.alnum, n);
    case "b64":
      return draw(rand, ALPHABETS.b64, n);
    case "b64url":
      return draw(rand, ALPHABETS.b64url, n);
    case "upper32":
      return draw(rand, ALPHABETS.base32Upper, n);
    case "digits":
      return draw(rand, ALPHABETS.digits, n);
    case "uuid":
      return uuid(rand);
    case "upperhexuuid":
      return uuid(rand).toUpperCase();
    case "literal":
      return `{{${a}}}`;
    case "card":
      return card(rand, a, Number(b));
    case "cardbad":
      return card(rand, a, Number(b), false);
    case "cardspaced":
      return group4(card(rand, a, Number(b)), " ");
    case "carddashed":
      return group4(card(rand, a, Number(b)), "-");
    case "ssn": {
      const d = ssnDigits(rand);
      return `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
    }
    case "ssndigits":
      return ssnDigits(rand);
    case "iban":
      return iban(rand, a, Number(b));
    case "ibanspaced":
      return group4(iban(rand, a, Number(b)), " ");
    default:
      throw new Error(`corpus: unknown template {{${token}}}`);
  }
}

export function expand(template: string, rand: Rand): string {
  return template.replace(/\{\{([a-z0-9]+(?::[^{}]+)?)\}\}/gi, (_, token: string) => expandToken(token, rand));
}

export function loadCorpus<E>(file: string, seed = 1): CorpusCase<E>[] {
  const rand = createRng(seed, file).next;
  return readFileSync(path.join(here, file), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const raw = JSON.parse(line) as CorpusCase<E>;
      return { ...raw, text: expand(raw.text, rand) };
    });
}

export interface Score {
  detector: string;
  cases: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** Case ids with a wrong answer, for tuning. */
  misses: string[];
}

/** Multiset comparison of expected and predicted labels per case. */
function score(detector: string, cases: { id: string; expected: string[]; predicted: string[] }[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const left = [...c.expected];
    let caseFp = 0;
    for (const p of c.predicted) {
      const i = left.indexOf(p);
      if (i >= 0) {
        left.splice(i, 1);
        tp++;
      } else caseFp++;
    }
    fp += caseFp;
    fn += left.length;
    if (caseFp || left.length) misses.push(`${c.id}: expected [${c.expected}] got [${c.predicted}]`);
  }
  return {
    detector,
    cases: cases.length,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    misses,
  };
}

/** Scores every detector on the corpus, expanded with `seed`. */
export function scoreDetectors(seed = 1): Score[] {
  const secrets = [
    ...loadCorpus<string[]>("secrets-positive.jsonl", seed),
    ...loadCorpus<string[]>("secrets-mixed.jsonl", seed),
  ];
  const pii = loadCorpus<string[]>("pii.jsonl", seed);
  const traces = loadCorpus<string | null>("stack-traces.jsonl", seed);
  return [
    score(
      "secrets",
      secrets.map((c) => ({ id: c.id, expected: c.expect, predicted: detectSecrets(c.text).map((m) => m.ruleId) })),
    ),
    score(
      "pii",
      pii.map((c) => ({ id: c.id, expected: c.expect, predicted: detectPii(c.text).map((m) => m.kind) })),
    ),
    score(
      "stack-traces",
      traces.map((c) => {
        const found = detectStackTrace(c.text)?.framework;
        return { id: c.id, expected: c.expect ? [c.expect] : [], predicted: found ? [found] : [] };
      }),
    ),
  ];
}
