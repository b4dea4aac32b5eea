/**
 * PII detector: personal data in any text (a response body, an exposed file). Pure functions.
 * Each kind has a shape and a validator (Luhn, IBAN mod-97, SSN ranges, context words) so that
 * order numbers, prices, timestamps, ids and version strings stay quiet.
 */
import type { Severity } from "../../engine/finding.js";

export type PiiKind = "email" | "phone" | "payment-card" | "test-card" | "us-ssn" | "iban" | "internal-ip";

export interface PiiMatch {
  kind: PiiKind;
  value: string;
  start: number;
  /** Shown in findings instead of the value: enough to recognise it, not to reuse it. */
  masked: string;
  /** Card brand or IBAN country. */
  detail?: string;
}

// ----- e-mail ----------------------------------------------------------------------------------

const EMAIL =
  /(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
/** Suffixes that make `name@2x.png` a file name, not an address. */
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|css|js|mjs|map|json|html?|woff2?|ttf)$/i;
/** Reserved documentation and test domains (RFC 2606/6761): never a real person's address. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$/i;
/** Shared mailboxes an API legitimately publishes (support contacts, SSH remotes). */
const ROLE_MAILBOX =
  /^(?:no-?reply|do-?not-?reply|support|info|admin|contact|hello|sales|security|privacy|abuse|postmaster|webmaster|help|team|git|press|legal|dpo|feedback)$/i;

/**
 * E-mail addresses. A scan skips documentation domains and shared mailboxes (publishing them is
 * normal); `everyAddress` keeps them, for redaction where any address in an answer is masked.
 */
export function emails(text: string, everyAddress = false): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const value = m[0];
    const [local, domain] = [value.slice(0, value.lastIndexOf("@")), value.slice(value.lastIndexOf("@") + 1)];
    if (FILE_SUFFIX.test(value)) continue;
    if (!everyAddress && (RESERVED_DOMAIN.test(domain) || ROLE_MAILBOX.test(local))) continue;
    out.push({ kind: "email", value, start: m.index ?? 0, masked: `${local[0]}***@${domain}` });
  }
  return out;
}

// ----- phone numbers ---------------------------------------------------------------------------

const PHONE_PATTERNS = [
  // E.164 and its spaced international spellings: +1 415 555 0123, +44 20 7946 0958, +4915112345678.
  /(?<![\w+/.=-]|\d )\+[1-9]\d{0,3}(?:[ .-]?(?:\(\d{1,5}\)|\d{1,5})){1,5}(?![\w.-]*\d| \d)/g,
  // North American national form, separators required: (415) 555-0123, 415-555-0123, 415.555.0123.
  /(?<![\w.+/=-]|\d )(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}(?![\w.-]*\d| \d)/g,
  // European national trunk forms with spaces: 020 7946 0958, 030 1234 5678, 06 12 34 56 78.
  // Not inside a run of byte pairs (`<Buffer 0a 01 02 …>`): the sequence must stop where the number does.
  /(?<![\w.+/=-]|[\da-fA-F]{2} )0\d{1,4}(?: \d{2,4}){2,4}(?![\w.-]*\d| [\da-fA-F]{2}\b)/g,
];
/** JSON fields named like a phone may hold bare digits: `"mobile": "4155550123"`. */
const PHONE_FIELD = /"(?:phone|mobile|tel|telephone|cell|msisdn)[\w]*"\s*:\s*"(\+?\d{10,15})"/gi;

function phones(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  const add = (value: string, start: number) => {
    const digits = value.replace(/\D/g, "");
    // Typed examples (+1555555555, +1212121212, +1234567890) repeat or count; real numbers do not.
    if (digits.length < 9 || digits.length > 15 || new Set(digits.slice(1)).size <= 2) return;
    if (/^\d?(?:0?123456789|987654321)|0102030405/.test(digits)) return;
    out.push({ kind: "phone", value, start, masked: `***${digits.slice(-2)}` });
  };
  for (const pattern of PHONE_PATTERNS) for (const m of text.matchAll(pattern)) add(m[0], m.index ?? 0);
  for (const m of text.matchAll(PHONE_FIELD)) add(m[1], (m.index ?? 0) + m[0].lastIndexOf(m[1]));
  return out;
}

// ----- payment cards ---------------------------------------------------------------------------

/** Digit runs of card length, plain or grouped by one separator; never inside decimals or words. */
const CARD_CANDIDATE = /(?<![\w.,$€£+#-]|\d[.,])(?:\d[ -]?){12,18}\d(?![\w]|[.,]\d)/g;
const BRANDS: [string, RegExp][] = [
  // 13-digit Visa numbers are retired and collide with EAN-13 barcodes.
  ["Visa", /^4(?:\d{15}|\d{18})$/],
  ["Mastercard", /^(?:5[1-5]\d{14}|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d{2}|7[01]\d|720)\d{12})$/],
  ["American Express", /^3[47]\d{13}$/],
  ["Discover", /^6(?:011|5\d{2}|4[4-9]\d)\d{12,15}$/],
  ["JCB", /^35(?:2[89]|[3-8]\d)\d{12,15}$/],
  ["Diners Club", /^3(?:0[0-5]|[68]\d)\d{11}$/],
  ["UnionPay", /^62\d{14,17}$/],
];
/** Card numbers published by payment processors for testing: not a leak of a customer's card. */
const TEST_CARDS = new Set([
  "4111111111111111",
  "4242424242424242",
  "4000056655665556",
  "4012888888881881",
  "4000000000000002",
  "5555555555554444",
  "5105105105105100",
  "2223003122003222",
  "5200828282828210",
  "378282246310005",
  "371449635398431",
  "378734493671000",
  "6011111111111117",
  "6011000990139424",
  "3566002020360505",
  "3530111333300000",
  "30569309025904",
  "38520000023237",
  "6200000000000005",
]);
/** A JSON key or label right before the number that says it is an identifier, not a card. */
const ID_CONTEXT =
  /(?:id|uuid|ts|time|timestamp|epoch|created|updated|order|invoice|tracking|ref|reference|sku|isbn|ean|upc|gtin|serial|nonce|seq|version)["']?\s*[:=]\s*["']?$/i;

/** An unquoted JSON number under a key that does not name a card is a count, amount or id. */
function isBareNumberOfOtherField(before: string): boolean {
  const key = /"([^"]{1,40})"\s*:\s*$/.exec(before)?.[1];
  return key !== undefined && !/card|pan|\bcc|ccnum/i.test(key);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function cards(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(CARD_CANDIDATE)) {
    const raw = m[0];
    const separators = new Set(raw.replace(/\d/g, ""));
    if (separators.size > 1) continue;
    const digits = raw.replace(/\D/g, "");
    const brand = BRANDS.find(([, re]) => re.test(digits))?.[0];
    if (!brand || !luhnValid(digits) || /^(\d)\1+$/.test(digits.slice(1))) continue;
    const start = m.index ?? 0;
    const before = text.slice(Math.max(0, start - 40), start);
    if (ID_CONTEXT.test(before) || isBareNumberOfOtherField(before)) continue;
    // Published test numbers, and the zero-padded ones validators' test suites are full of.
    const test = TEST_CARDS.has(digits) || /0{7,}/.test(digits);
    out.push({
      kind: test ? "test-card" : "payment-card",
      value: raw,
      start,
      masked: `${brand} ****${digits.slice(-4)}`,
      detail: brand,
    });
  }
  return out;
}

// ----- US social security numbers --------------------------------------------------------------

const SSN = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g;
const SSN_FIELD = /"(?:ssn|social_?security(?:_?number)?|socialSecurityNumber|tax_?id)"\s*:\s*"(\d{9})"/gi;
/** Presidio-style context: an SSN-shaped number alone is too often a reference or a phone part. */
const SSN_CONTEXT = /ssn|social[\s_-]?security|ss#|taxpayer|\btin\b/i;
/** Numbers printed in ads, docs and on sample cards. */
const SSN_SAMPLES = new Set(["078051120", "219099999", "123456789", "987654320"]);

export function ssnInValidRange(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a > 0 && a !== 666 && a < 900 && group !== "00" && serial !== "0000";
}

function ssns(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  const add = (value: string, digits: string, start: number) => {
    if (!ssnInValidRange(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) return;
    const uniformGroups = /^(\d)\1\1(\d)\2(\d)\3\3\3$/.test(digits);
    if (SSN_SAMPLES.has(digits) || uniformGroups) return;
    if (!SSN_CONTEXT.test(text.slice(Math.max(0, start - 60), start))) return;
    out.push({ kind: "us-ssn", value, start, masked: `***-**-${digits.slice(-4)}` });
  };
  for (const m of text.matchAll(SSN)) add(m[0], m[1] + m[3] + m[4], m.index ?? 0);
  for (const m of text.matchAll(SSN_FIELD)) add(m[1], m[1], (m.index ?? 0) + m[0].lastIndexOf(m[1]));
  return out;
}

// ----- IBAN ------------------------------------------------------------------------------------

/** IBAN length per country (ISO 13616 registry, the countries an API is likely to hold). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  QA: 29,
  RO: 24,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
};
/** IBANs printed in standards, bank documentation and validator test suites: examples, not accounts. */
const IBAN_SAMPLES = new Set([
  "DE89370400440532013000",
  "GB29NWBK60161331926819",
  "GB82WEST12345698765432",
  "GB33BUKB20201555555555",
  "FR1420041010050500013M02606",
  "FR7630006000011234567890189",
  "NL91ABNA0417164300",
  "BE68539007547034",
  "BE71096123456769",
  "NO9386011117947",
  "CH9300762011623852957",
  "ES9121000418450200051332",
  "IT60X0542811101000000123456",
  "AT611904300234573201",
  "PL61109010140000071219812874",
  "SE4550000000058398257466",
  "DK5000400440116243",
  "FI2112345600000785",
  "IE29AIBK93115212345678",
  "PT50000201231234567890154",
  "LU280019400644750000",
  "CY17002001280000001200527600",
  "MT84MALT011000012345MTLCAST001S",
  "TR330006100519786457841326",
]);
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;

export function ibanValid(compact: string): boolean {
  if (IBAN_LENGTH[compact.slice(0, 2)] !== compact.length) return false;
  // ISO 13616 check digits run from 02 to 98; 00, 01 and 99 only appear in crafted test values.
  const check = Number(compact.slice(2, 4));
  if (check < 2 || check > 98) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const n = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = Number(`${remainder}${n}`) % 97;
  }
  return remainder === 1;
}

function ibans(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(IBAN_CANDIDATE)) {
    const compact = m[0].replace(/ /g, "");
    if (!ibanValid(compact) || IBAN_SAMPLES.has(compact) || /0{10,}/.test(compact)) continue;
    out.push({
      kind: "iban",
      value: m[0],
      start: m.index ?? 0,
      masked: `${compact.slice(0, 2)}** ****${compact.slice(-4)}`,
      detail: compact.slice(0, 2),
    });
  }
  return out;
}

// ----- internal IPv4 ---------------------------------------------------------------------------

const PRIVATE_IPV4 =
  /(?<![\w.])(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/g;
/** A dotted number after `version`/`v` is a version string, not an address. */
const VERSION_CONTEXT = /(?:version|ver|release|build)["']?\s*[:=]?\s*["']?v?$|v$/i;

function internalIps(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(PRIVATE_IPV4)) {
    const start = m.index ?? 0;
    if (m[0].split(".").some((o) => Number(o) > 255)) continue;
    if (VERSION_CONTEXT.test(text.slice(Math.max(0, start - 24), start))) continue;
    out.push({ kind: "internal-ip", value: m[0], start, masked: m[0] });
  }
  return out;
}

// ----- detector and severity -------------------------------------------------------------------

/** Every PII match in `text`, in order; a number taken as a card is not also a phone. */
export function detectPii(text: string): PiiMatch[] {
  const strong = [...cards(text), ...ssns(text), ...ibans(text)];
  const covered = (m: PiiMatch) =>
    strong.some((s) => m.start < s.start + s.value.length && s.start < m.start + m.value.length);
  const weak = [...emails(text), ...phones(text).filter((p) => !covered(p)), ...internalIps(text)];
  const seen = new Set<string>();
  return [...strong, ...weak]
    .sort((a, b) => a.start - b.start)
    .filter((m) => {
      const key = `${m.start}:${m.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Distinct values per kind, for volume. */
export function countByKind(matches: readonly PiiMatch[]): Map<PiiKind, number> {
  const distinct = new Map<PiiKind, Set<string>>();
  for (const m of matches) {
    const set = distinct.get(m.kind) ?? new Set<string>();
    set.add(m.value.replace(/[\s().-]/g, ""));
    distinct.set(m.kind, set);
  }
  return new Map([...distinct].map(([k, v]) => [k, v.size]));
}

/**
 * How bad exposing `count` distinct values of one kind is: financial and government ids are
 * high on their own and critical in bulk; contact data is low for a few (a profile showing its
 * owner's address is normal) and rises with volume (a listing of other people's data).
 */
export function piiSeverity(kind: PiiKind, count: number): Severity {
  switch (kind) {
    case "payment-card":
    case "us-ssn":
      return count >= 10 ? "critical" : "high";
    case "iban":
      return count >= 10 ? "high" : "medium";
    case "email":
    case "phone":
      return count >= 50 ? "high" : count >= 5 ? "medium" : "low";
    case "internal-ip":
      return "low";
    case "test-card":
      return "info";
  }
}

/** `text` with cards, SSNs, IBANs, e-mail addresses and phone numbers masked (internal IPs are kept). */
export function maskPiiIn(text: string): string {
  let out = text;
  for (const m of detectPii(text).sort((a, b) => b.start - a.start))
    if (m.kind !== "internal-ip") out = out.slice(0, m.start) + m.masked + out.slice(m.start + m.value.length);
  return out;
}
