/**
 * Provider secret formats. Each rule names its provider, what the key unlocks (kind), how bad a
 * leak is, the shape, and a generator of synthetic look-alikes so tests, the lab and the corpus
 * never commit a key-shaped literal.
 */
import type { Severity } from "../../engine/finding.js";
import { startsLikePasswordHash } from "../password-hash.js";
import { isPlaceholderPassword } from "./filters.js";

/** A source of numbers in [0, 1): `rng.next` in checks, a seeded generator in tests. */
export type Rand = () => number;

export type SecretKind =
  | "llm"
  | "cloud"
  | "payment"
  | "source-control"
  | "messaging"
  | "email"
  | "package-registry"
  | "infrastructure"
  | "private-key"
  | "token"
  | "database"
  | "url-credentials";

export interface SecretRule {
  id: string;
  provider: string;
  kind: SecretKind;
  /** Severity when the value reaches a client (an API response, a browser bundle, an exposed file). */
  severity: Severity;
  /** Global regex; the secret is the group named `secret`, else the whole match. */
  pattern: RegExp;
  /** Cheap lower-case substring that must occur in the text before the regex runs. */
  hint?: string;
  /** For shapes without a distinctive prefix: a word that must appear shortly before the value. */
  context?: RegExp;
  /** The variable name projects give the value (samples use it so context rules see their word). */
  envName?: string;
  /** Fixed leading part excluded from the entropy and placeholder tests. */
  prefix?: RegExp;
  /** Minimum Shannon entropy (bits per char) of the random part. */
  minEntropy?: number;
  /** Long encoded bodies (PEM, JWT) legitimately hold runs like `AAAAAA`: skip the typed-shape filter. */
  longBody?: boolean;
  /** Extra structural test (a checksum-like marker, character classes). */
  valid?(secret: string): boolean;
  /** Synthetic text of this shape (the whole URL or PEM block where the secret is a part), for tests and the lab. */
  sample(rand: Rand): string;
}

export const ALPHABETS = {
  hex: "0123456789abcdef",
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  lowerAlnum: "abcdefghijklmnopqrstuvwxyz0123456789",
  upperAlnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  b64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  b64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base32Upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  base58: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
  digits: "0123456789",
} as const;

export function draw(rand: Rand, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

const A = ALPHABETS;
/** Characters that continue a token; a key must not be glued to them on either side. */
const TOKEN_CHAR = "A-Za-z0-9_\\-";

/** A prefixed token bounded by non-token characters (quotes, spaces, `\n` escapes, `=`, `;`...). */
function token(body: string, flags = "g"): RegExp {
  return new RegExp(`(?<![${TOKEN_CHAR}])(?<secret>${body})(?![${TOKEN_CHAR}])`, flags);
}

const hasMixedClasses = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s);
const notPureHex = (s: string) => /[g-zG-Z]/.test(s) && /\d/.test(s);

function rule(r: SecretRule): SecretRule {
  return r;
}

/** JWT segment from a JSON object, base64url without padding. */
function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export const SECRET_RULES: readonly SecretRule[] = [
  // --- LLM providers -------------------------------------------------------------------------
  rule({
    id: "together-api-key",
    envName: "TOGETHER_API_KEY",
    provider: "Together AI",
    kind: "llm",
    severity: "critical",
    pattern: token("tgp_v1_[A-Za-z0-9_-]{43}"),
    hint: "tgp_v1_",
    prefix: /^tgp_v1_/,
    minEntropy: 3.5,
    sample: (r) => `tgp_v1_${draw(r, A.b64url, 43)}`,
  }),
  rule({
    id: "together-legacy-api-key",
    envName: "TOGETHER_API_KEY",
    provider: "Together AI (legacy 64-hex key)",
    kind: "llm",
    severity: "critical",
    // Indistinguishable from a SHA-256 digest, so only with Together named close before it.
    pattern: token("[0-9a-f]{64}"),
    context: /together[\w.-]{0,20}(?:key|token|secret)|api\.together\.(?:xyz|ai)|Together\(\s*(?:api_?key|\{)/i,
    minEntropy: 3.3,
    sample: (r) => draw(r, A.hex, 64),
  }),
  rule({
    id: "openai-project-key",
    envName: "OPENAI_API_KEY",
    provider: "OpenAI (project key)",
    kind: "llm",
    severity: "critical",
    // Early project keys were shorter (48 characters after the prefix); current ones carry T3BlbkFJ and ~156.
    pattern: token("sk-proj-[A-Za-z0-9_-]{40,220}"),
    hint: "sk-proj-",
    prefix: /^sk-proj-/,
    minEntropy: 4,
    sample: (r) => `sk-proj-${draw(r, A.b64url, 74)}T3BlbkFJ${draw(r, A.b64url, 74)}`,
  }),
  rule({
    id: "openai-service-account-key",
    provider: "OpenAI (service account key)",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-svcacct-[A-Za-z0-9_-]{40,220}"),
    hint: "sk-svcacct-",
    prefix: /^sk-svcacct-/,
    minEntropy: 4,
    sample: (r) => `sk-svcacct-${draw(r, A.b64url, 74)}T3BlbkFJ${draw(r, A.b64url, 74)}`,
  }),
  rule({
    id: "openai-admin-key",
    provider: "OpenAI (admin key)",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-admin-[A-Za-z0-9_-]{20,160}T3BlbkFJ[A-Za-z0-9_-]{20,160}"),
    hint: "t3blbkfj",
    prefix: /^sk-admin-/,
    minEntropy: 4,
    sample: (r) => `sk-admin-${draw(r, A.b64url, 58)}T3BlbkFJ${draw(r, A.b64url, 58)}`,
  }),
  rule({
    id: "openai-legacy-key",
    provider: "OpenAI (legacy user key)",
    kind: "llm",
    severity: "critical",
    // `T3BlbkFJ` is base64 of "OpenAI": a near-checksum in the middle of every legacy key.
    pattern: token("sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"),
    hint: "t3blbkfj",
    prefix: /^sk-/,
    minEntropy: 3.5,
    sample: (r) => `sk-${draw(r, A.alnum, 20)}T3BlbkFJ${draw(r, A.alnum, 20)}`,
  }),
  rule({
    id: "anthropic-api-key",
    envName: "ANTHROPIC_API_KEY",
    provider: "Anthropic",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-ant-api0\\d-[A-Za-z0-9_-]{93}AA"),
    hint: "sk-ant-api",
    prefix: /^sk-ant-api0\d-/,
    minEntropy: 4,
    sample: (r) => `sk-ant-api03-${draw(r, A.b64url, 93)}AA`,
  }),
  rule({
    id: "anthropic-admin-key",
    provider: "Anthropic (admin key)",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-ant-admin01-[A-Za-z0-9_-]{93}AA"),
    hint: "sk-ant-admin01-",
    prefix: /^sk-ant-admin01-/,
    minEntropy: 4,
    sample: (r) => `sk-ant-admin01-${draw(r, A.b64url, 93)}AA`,
  }),
  rule({
    id: "groq-api-key",
    envName: "GROQ_API_KEY",
    provider: "Groq",
    kind: "llm",
    severity: "critical",
    pattern: token("gsk_[A-Za-z0-9]{52}"),
    hint: "gsk_",
    prefix: /^gsk_/,
    minEntropy: 3.8,
    // Observed keys carry `WGdyb3FY` (base64 of "XgroqX") at a fixed offset of the body.
    sample: (r) => `gsk_${draw(r, A.alnum, 20)}WGdyb3FY${draw(r, A.alnum, 24)}`,
  }),
  rule({
    id: "xai-api-key",
    provider: "xAI",
    kind: "llm",
    severity: "critical",
    pattern: token("xai-[A-Za-z0-9_]{70,120}"),
    hint: "xai-",
    prefix: /^xai-/,
    minEntropy: 4,
    sample: (r) => `xai-${draw(r, A.alnum, 80)}`,
  }),
  rule({
    id: "mistral-api-key",
    envName: "MISTRAL_API_KEY",
    provider: "Mistral AI",
    kind: "llm",
    severity: "critical",
    pattern: token("[A-Za-z0-9]{32}"),
    context: /mistral[\w.-]{0,20}(?:key|token|secret)|api\.mistral\.ai/i,
    minEntropy: 3.8,
    valid: notPureHex,
    sample: (r) => draw(r, A.alnum, 32),
  }),
  rule({
    id: "cohere-api-key",
    envName: "CO_API_KEY",
    provider: "Cohere",
    kind: "llm",
    severity: "critical",
    pattern: token("[A-Za-z0-9]{40}"),
    context: /cohere[\w.-]{0,20}(?:key|token|secret)|co_api_key|api\.cohere\.(?:com|ai)/i,
    minEntropy: 4,
    valid: notPureHex,
    sample: (r) => draw(r, A.alnum, 40),
  }),
  rule({
    id: "deepseek-api-key",
    envName: "DEEPSEEK_API_KEY",
    provider: "DeepSeek",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-[0-9a-f]{32}"),
    context: /deepseek[\w.-]{0,20}(?:key|token|secret)|api\.deepseek\.com/i,
    prefix: /^sk-/,
    minEntropy: 3,
    sample: (r) => `sk-${draw(r, A.hex, 32)}`,
  }),
  rule({
    id: "huggingface-token",
    provider: "Hugging Face",
    kind: "llm",
    severity: "critical",
    pattern: token("hf_[A-Za-z0-9]{34}"),
    hint: "hf_",
    prefix: /^hf_/,
    minEntropy: 3.5,
    valid: (s) => /[A-Z]/.test(s.slice(3)) && /[a-z]/.test(s.slice(3)),
    sample: (r) => `hf_${draw(r, A.letters, 34)}`,
  }),
  rule({
    id: "huggingface-org-token",
    provider: "Hugging Face (organisation token)",
    kind: "llm",
    severity: "critical",
    pattern: token("api_org_[A-Za-z0-9]{34}"),
    hint: "api_org_",
    prefix: /^api_org_/,
    minEntropy: 3.5,
    sample: (r) => `api_org_${draw(r, A.letters, 34)}`,
  }),
  rule({
    id: "replicate-api-token",
    provider: "Replicate",
    kind: "llm",
    severity: "critical",
    pattern: token("r8_[A-Za-z0-9]{37}"),
    hint: "r8_",
    prefix: /^r8_/,
    minEntropy: 3.5,
    sample: (r) => `r8_${draw(r, A.alnum, 37)}`,
  }),
  rule({
    id: "openrouter-api-key",
    provider: "OpenRouter",
    kind: "llm",
    severity: "critical",
    pattern: token("sk-or-v1-[0-9a-f]{64}"),
    hint: "sk-or-v1-",
    prefix: /^sk-or-v1-/,
    minEntropy: 3.3,
    sample: (r) => `sk-or-v1-${draw(r, A.hex, 64)}`,
  }),
  rule({
    id: "perplexity-api-key",
    provider: "Perplexity",
    kind: "llm",
    severity: "critical",
    pattern: token("pplx-[A-Za-z0-9]{48}"),
    hint: "pplx-",
    prefix: /^pplx-/,
    minEntropy: 3.8,
    sample: (r) => `pplx-${draw(r, A.alnum, 48)}`,
  }),
  rule({
    id: "cerebras-api-key",
    provider: "Cerebras",
    kind: "llm",
    severity: "critical",
    pattern: token("csk-[a-z0-9]{48}"),
    hint: "csk-",
    prefix: /^csk-/,
    minEntropy: 3.8,
    sample: (r) => `csk-${draw(r, A.lowerAlnum, 48)}`,
  }),
  rule({
    id: "fireworks-api-key",
    provider: "Fireworks AI",
    kind: "llm",
    severity: "critical",
    pattern: token("fw_[1-9A-HJ-NP-Za-km-z]{20,40}"),
    hint: "fw_",
    prefix: /^fw_/,
    minEntropy: 3.8,
    valid: (s) => /\d/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s.slice(3)),
    sample: (r) => `fw_${draw(r, A.base58, 24)}`,
  }),
  rule({
    id: "google-api-key",
    provider: "Google API key (Gemini, Maps, Firebase)",
    kind: "llm",
    severity: "high",
    pattern: token("AIza[A-Za-z0-9_-]{35}"),
    hint: "aiza",
    prefix: /^AIza/,
    minEntropy: 3.8,
    sample: (r) => `AIzaSy${draw(r, A.b64url, 33)}`,
  }),
  rule({
    id: "google-gemini-key",
    provider: "Google Gemini (AQ. key)",
    kind: "llm",
    severity: "critical",
    pattern: token("AQ\\.Ab8RN6[A-Za-z0-9_-]{44}"),
    hint: "aq.ab8rn6",
    prefix: /^AQ\.Ab8RN6/,
    minEntropy: 3.8,
    sample: (r) => `AQ.Ab8RN6${draw(r, A.b64url, 44)}`,
  }),
  // --- Cloud and infrastructure --------------------------------------------------------------
  rule({
    id: "aws-access-key-id",
    envName: "AWS_ACCESS_KEY_ID",
    provider: "AWS access key id",
    kind: "cloud",
    severity: "high",
    pattern: token("(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"),
    prefix: /^[A-Z]{4}/,
    minEntropy: 3,
    sample: (r) => `AKIA${draw(r, A.base32Upper, 16)}`,
  }),
  rule({
    id: "aws-secret-access-key",
    envName: "AWS_SECRET_ACCESS_KEY",
    provider: "AWS secret access key",
    kind: "cloud",
    severity: "critical",
    pattern: /(?<![A-Za-z0-9/+])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    // No prefix: only beside an access key id or an AWS secret name.
    context: /aws.{0,24}secret|secret.?access.?key|\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/i,
    minEntropy: 4.2,
    valid: hasMixedClasses,
    sample: (r) => draw(r, A.b64, 40),
  }),
  rule({
    id: "azure-storage-account-key",
    provider: "Azure Storage account key",
    kind: "cloud",
    severity: "critical",
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    hint: "accountkey=",
    minEntropy: 4.5,
    sample: (r) =>
      `DefaultEndpointsProtocol=https;AccountName=labstore;AccountKey=${draw(r, A.b64, 86)}==;EndpointSuffix=core.windows.net`,
  }),
  rule({
    id: "digitalocean-token",
    provider: "DigitalOcean",
    kind: "cloud",
    severity: "critical",
    pattern: token("do[opr]_v1_[0-9a-f]{64}"),
    hint: "_v1_",
    prefix: /^do[opr]_v1_/,
    minEntropy: 3.3,
    sample: (r) => `dop_v1_${draw(r, A.hex, 64)}`,
  }),
  rule({
    id: "heroku-api-key",
    provider: "Heroku",
    kind: "cloud",
    severity: "critical",
    pattern: token("HRKU-AA[A-Za-z0-9_-]{58}"),
    hint: "hrku-aa",
    prefix: /^HRKU-AA/,
    minEntropy: 4,
    sample: (r) => `HRKU-AA${draw(r, A.b64url, 58)}`,
  }),
  rule({
    id: "hashicorp-vault-token",
    provider: "HashiCorp Vault",
    kind: "infrastructure",
    severity: "critical",
    pattern: token("hvs\\.[A-Za-z0-9_-]{90,120}"),
    hint: "hvs.",
    prefix: /^hvs\./,
    minEntropy: 4,
    sample: (r) => `hvs.${draw(r, A.b64url, 95)}`,
  }),
  rule({
    id: "databricks-token",
    provider: "Databricks",
    kind: "cloud",
    severity: "critical",
    pattern: token("dapi[0-9a-f]{32}(?:-\\d)?"),
    hint: "dapi",
    prefix: /^dapi/,
    minEntropy: 3,
    sample: (r) => `dapi${draw(r, A.hex, 32)}`,
  }),
  rule({
    id: "sentry-user-token",
    provider: "Sentry",
    kind: "infrastructure",
    severity: "high",
    pattern: token("sntryu_[0-9a-f]{64}"),
    hint: "sntryu_",
    prefix: /^sntryu_/,
    minEntropy: 3.3,
    sample: (r) => `sntryu_${draw(r, A.hex, 64)}`,
  }),
  // --- Payments ------------------------------------------------------------------------------
  rule({
    id: "stripe-live-secret-key",
    envName: "STRIPE_SECRET_KEY",
    provider: "Stripe (live secret key)",
    kind: "payment",
    severity: "critical",
    pattern: token("sk_live_[A-Za-z0-9]{20,247}"),
    hint: "sk_live_",
    prefix: /^sk_live_/,
    minEntropy: 3.8,
    sample: (r) => `sk_live_${draw(r, A.alnum, 99)}`,
  }),
  rule({
    id: "stripe-live-restricted-key",
    provider: "Stripe (live restricted key)",
    kind: "payment",
    severity: "critical",
    pattern: token("rk_live_[A-Za-z0-9]{20,247}"),
    hint: "rk_live_",
    prefix: /^rk_live_/,
    minEntropy: 3.8,
    sample: (r) => `rk_live_${draw(r, A.alnum, 99)}`,
  }),
  rule({
    id: "stripe-test-key",
    provider: "Stripe (test mode key)",
    kind: "payment",
    // Test mode moves no money; still a credential to the account's test data.
    severity: "low",
    pattern: token("[sr]k_test_[A-Za-z0-9]{20,247}"),
    hint: "k_test_",
    prefix: /^[sr]k_test_/,
    minEntropy: 3.8,
    sample: (r) => `sk_test_${draw(r, A.alnum, 99)}`,
  }),
  rule({
    id: "square-access-token",
    provider: "Square",
    kind: "payment",
    severity: "critical",
    pattern: token("(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})"),
    prefix: /^(?:EAAA|sq0atp-)/,
    minEntropy: 3.8,
    sample: (r) => `EAAA${draw(r, A.b64url, 60)}`,
  }),
  rule({
    id: "shopify-access-token",
    provider: "Shopify",
    kind: "payment",
    severity: "critical",
    pattern: token("shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}"),
    hint: "shp",
    prefix: /^shp[a-z]{2}_/,
    minEntropy: 3,
    sample: (r) => `shpat_${draw(r, A.hex, 32)}`,
  }),
  // --- Source control and package registries -------------------------------------------------
  ...(
    [
      ["github-classic-pat", "GitHub (classic personal access token)", "ghp_"],
      ["github-oauth-token", "GitHub (OAuth token)", "gho_"],
      ["github-user-to-server-token", "GitHub App (user-to-server token)", "ghu_"],
      ["github-app-installation-token", "GitHub App (installation token)", "ghs_"],
      ["github-refresh-token", "GitHub App (refresh token)", "ghr_"],
    ] as const
  ).map(([id, provider, lead]) =>
    rule({
      id,
      provider,
      kind: "source-control",
      severity: "critical",
      pattern: token(`${lead}[A-Za-z0-9]{36}`),
      hint: lead,
      prefix: new RegExp(`^${lead}`),
      minEntropy: 3.8,
      sample: (r) => `${lead}${draw(r, A.alnum, 36)}`,
    }),
  ),
  rule({
    id: "github-fine-grained-pat",
    provider: "GitHub (fine-grained personal access token)",
    kind: "source-control",
    severity: "critical",
    pattern: token("github_pat_[A-Za-z0-9_]{82}"),
    hint: "github_pat_",
    prefix: /^github_pat_/,
    minEntropy: 4,
    sample: (r) => `github_pat_${draw(r, A.alnum, 22)}_${draw(r, A.alnum, 59)}`,
  }),
  rule({
    id: "gitlab-pat",
    provider: "GitLab (personal access token)",
    kind: "source-control",
    severity: "critical",
    pattern: token("glpat-[A-Za-z0-9_-]{20,300}"),
    hint: "glpat-",
    prefix: /^glpat-/,
    minEntropy: 3.5,
    sample: (r) => `glpat-${draw(r, A.b64url, 20)}`,
  }),
  rule({
    id: "gitlab-runner-token",
    provider: "GitLab (runner token)",
    kind: "source-control",
    severity: "high",
    pattern: token("glrt-[A-Za-z0-9_-]{20,300}"),
    hint: "glrt-",
    prefix: /^glrt-/,
    minEntropy: 3.5,
    sample: (r) => `glrt-${draw(r, A.b64url, 20)}`,
  }),
  rule({
    id: "npm-access-token",
    provider: "npm",
    kind: "package-registry",
    severity: "critical",
    pattern: token("npm_[A-Za-z0-9]{36}"),
    hint: "npm_",
    prefix: /^npm_/,
    minEntropy: 3.8,
    sample: (r) => `npm_${draw(r, A.alnum, 36)}`,
  }),
  rule({
    id: "pypi-upload-token",
    provider: "PyPI",
    kind: "package-registry",
    severity: "critical",
    pattern: token("pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}"),
    hint: "pypi-ageichlwas5vcmc",
    prefix: /^pypi-AgEIcHlwaS5vcmc/,
    minEntropy: 4,
    sample: (r) => `pypi-AgEIcHlwaS5vcmc${draw(r, A.b64url, 70)}`,
  }),
  rule({
    id: "postman-api-key",
    provider: "Postman",
    kind: "infrastructure",
    severity: "high",
    pattern: token("PMAK-[0-9a-f]{24}-[0-9a-f]{34}"),
    hint: "pmak-",
    prefix: /^PMAK-/,
    minEntropy: 3.3,
    sample: (r) => `PMAK-${draw(r, A.hex, 24)}-${draw(r, A.hex, 34)}`,
  }),
  // --- Messaging and e-mail ------------------------------------------------------------------
  rule({
    id: "slack-bot-token",
    provider: "Slack (bot token)",
    kind: "messaging",
    severity: "high",
    pattern: token("xoxb-\\d{10,13}-\\d{10,13}-[A-Za-z0-9]{20,40}"),
    hint: "xoxb-",
    prefix: /^xoxb(?:-\d+){2}-/,
    minEntropy: 3.5,
    sample: (r) => `xoxb-${draw(r, A.digits, 12)}-${draw(r, A.digits, 13)}-${draw(r, A.alnum, 24)}`,
  }),
  rule({
    id: "slack-user-token",
    provider: "Slack (user token)",
    kind: "messaging",
    severity: "high",
    pattern: token("xox[pe]-\\d{10,13}-\\d{10,13}-\\d{10,13}-[A-Za-z0-9]{28,34}"),
    hint: "xox",
    prefix: /^xox[pe](?:-\d+){3}-/,
    minEntropy: 3.2,
    sample: (r) =>
      `xoxp-${draw(r, A.digits, 12)}-${draw(r, A.digits, 12)}-${draw(r, A.digits, 13)}-${draw(r, A.hex, 32)}`,
  }),
  rule({
    id: "slack-app-token",
    provider: "Slack (app-level token)",
    kind: "messaging",
    severity: "high",
    pattern: token("xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{60,70}"),
    hint: "xapp-",
    prefix: /^xapp-\d-[A-Z0-9]+-\d+-/,
    minEntropy: 3.3,
    sample: (r) => `xapp-1-A${draw(r, A.upperAlnum, 10)}-${draw(r, A.digits, 13)}-${draw(r, A.hex, 64)}`,
  }),
  rule({
    id: "slack-webhook-url",
    provider: "Slack (incoming webhook)",
    kind: "messaging",
    severity: "high",
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>T[A-Z0-9]{8,12}\/[AB][A-Z0-9]{8,12}\/[A-Za-z0-9]{24})/g,
    hint: "hooks.slack.com",
    prefix: /^T[A-Z0-9]+\/[AB][A-Z0-9]+\//,
    minEntropy: 3.5,
    sample: (r) =>
      `https://hooks.slack.com/services/T${draw(r, A.upperAlnum, 10)}/B${draw(r, A.upperAlnum, 10)}/${draw(r, A.alnum, 24)}`,
  }),
  rule({
    id: "discord-webhook-url",
    provider: "Discord (webhook)",
    kind: "messaging",
    severity: "high",
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/(?<secret>[A-Za-z0-9_-]{60,68})/g,
    hint: "/api/webhooks/",
    minEntropy: 4,
    sample: (r) =>
      `https://discord.com/api/webhooks/${draw(r, "123456789", 1)}${draw(r, A.digits, 18)}/${draw(r, A.b64url, 68)}`,
  }),
  rule({
    id: "telegram-bot-token",
    provider: "Telegram (bot token)",
    kind: "messaging",
    severity: "high",
    pattern: new RegExp(`(?<![${TOKEN_CHAR}:])(?<secret>\\d{8,10}:AA[A-Za-z0-9_-]{33})(?![${TOKEN_CHAR}])`, "g"),
    hint: ":aa",
    prefix: /^\d+:AA/,
    minEntropy: 3.8,
    sample: (r) => `${draw(r, "123456789", 1)}${draw(r, A.digits, 9)}:AA${draw(r, A.b64url, 33)}`,
  }),
  rule({
    id: "twilio-api-key",
    provider: "Twilio (API key SID)",
    kind: "messaging",
    severity: "high",
    pattern: token("SK[0-9a-fA-F]{32}"),
    prefix: /^SK/,
    minEntropy: 3,
    valid: (s) => /[a-f]/i.test(s.slice(2)) && /\d/.test(s),
    sample: (r) => `SK${draw(r, A.hex, 32)}`,
  }),
  rule({
    id: "sendgrid-api-key",
    provider: "SendGrid",
    kind: "email",
    severity: "high",
    pattern: token("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
    hint: "sg.",
    prefix: /^SG\./,
    minEntropy: 4,
    sample: (r) => `SG.${draw(r, A.b64url, 22)}.${draw(r, A.b64url, 43)}`,
  }),
  rule({
    id: "mailgun-api-key",
    envName: "MAILGUN_API_KEY",
    provider: "Mailgun",
    kind: "email",
    severity: "high",
    // Legacy `key-` keys and the current hex-dash form.
    pattern: token("key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}"),
    context: /mailgun[\w.-]{0,20}(?:key|token|secret)|api\.(?:eu\.)?mailgun\.net/i,
    prefix: /^key-/,
    minEntropy: 3,
    sample: (r) => `key-${draw(r, A.hex, 32)}`,
  }),
  rule({
    id: "mailchimp-api-key",
    provider: "Mailchimp",
    kind: "email",
    severity: "high",
    pattern: token("[0-9a-f]{32}-us\\d{1,2}"),
    hint: "-us",
    minEntropy: 3,
    sample: (r) => `${draw(r, A.hex, 32)}-us${1 + Math.floor(r() * 20)}`,
  }),
  rule({
    id: "twilio-auth-token",
    envName: "TWILIO_AUTH_TOKEN",
    provider: "Twilio (auth token)",
    kind: "messaging",
    severity: "high",
    pattern: token("[0-9a-f]{32}"),
    context: /twilio[\w.-]{0,20}(?:token|secret|auth)/i,
    minEntropy: 3,
    sample: (r) => draw(r, A.hex, 32),
  }),
  rule({
    id: "azure-openai-key",
    envName: "AZURE_OPENAI_API_KEY",
    provider: "Azure OpenAI",
    kind: "llm",
    severity: "critical",
    pattern: token("[0-9a-f]{32}|[A-Za-z0-9]{84}"),
    context: /azure[\w.-]{0,20}(?:openai|cognitive|ai)[\w.-]{0,20}key|\.openai\.azure\.com|api-key:\s*$/i,
    minEntropy: 3,
    sample: (r) => draw(r, A.hex, 32),
  }),
  rule({
    id: "google-oauth-client-secret",
    provider: "Google OAuth client secret",
    kind: "cloud",
    severity: "high",
    pattern: token("GOCSPX-[A-Za-z0-9_-]{28}"),
    hint: "gocspx-",
    prefix: /^GOCSPX-/,
    minEntropy: 3.5,
    sample: (r) => `GOCSPX-${draw(r, A.b64url, 28)}`,
  }),
  rule({
    id: "stripe-webhook-secret",
    provider: "Stripe (webhook signing secret)",
    kind: "payment",
    severity: "high",
    pattern: token("whsec_[A-Za-z0-9]{32,64}"),
    hint: "whsec_",
    prefix: /^whsec_/,
    minEntropy: 3.8,
    sample: (r) => `whsec_${draw(r, A.alnum, 32)}`,
  }),
  rule({
    id: "generic-secret-assignment",
    envName: "DB_PASSWORD",
    provider: "Password or secret assigned in configuration",
    kind: "token",
    severity: "high",
    // A credential-named setting with a generated-looking value; no provider format to go by, so every
    // filter applies and the value must mix letters, digits and symbols or be long and random.
    // The name prefix is bounded ({1,32} per part, at most 6 parts): unbounded, a body like
    // `ab.ab.ab.…` made the engine retry every suffix and took minutes on 256 KB.
    pattern:
      /(?<![A-Za-z0-9])(?:[A-Za-z0-9]{1,32}[_.-]){0,6}(?:password|passwd|passphrase|secret|secret[_.-]?key|client[_.-]?secret|api[_.-]?key|apikey)["']?\s*(?:=|:|=>)\s*["'`]?(?<secret>[A-Za-z0-9_\-+/=!@#$%^&*~]{12,100})(?=["'`\s,;}\\]|$)/gi,
    minEntropy: 3.5,
    // A password hash (bcrypt, argon2...) is not a configured secret; data-exposure-sensitive-fields names it.
    valid: (s) => isGeneratedLooking(s) && !startsLikePasswordHash(s),
    sample: (r) => `${draw(r, A.alnum, 10)}${draw(r, "!@#%^*-_", 2)}${draw(r, A.alnum, 8)}`,
  }),
  // --- Keys, tokens and credentials in URLs --------------------------------------------------
  rule({
    id: "private-key",
    provider: "PEM private key",
    kind: "private-key",
    severity: "critical",
    pattern:
      /-----BEGIN (?<kind>[A-Z0-9 ]{0,40})PRIVATE KEY(?: BLOCK)?-----(?:\\r|\\n|[\s])+(?<secret>[A-Za-z0-9+/=\s\\rn:-]{64,}?)(?:\\r|\\n|[\s])*-----END \k<kind>PRIVATE KEY(?: BLOCK)?-----/g,
    hint: "private key",
    minEntropy: 4.5,
    longBody: true,
    sample: (r) =>
      `-----BEGIN PRIVATE KEY-----\n${Array.from({ length: 6 }, () => draw(r, A.b64, 64)).join("\n")}\n-----END PRIVATE KEY-----`,
  }),
  rule({
    id: "jwt",
    provider: "JSON Web Token",
    kind: "token",
    severity: "medium",
    pattern: token("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,}"),
    hint: "eyj",
    minEntropy: 4,
    longBody: true,
    valid: (s) => decodesToJsonObjects(s),
    sample: (r) =>
      `${b64urlJson({ alg: "HS256", typ: "JWT" })}.${b64urlJson({ sub: draw(r, A.digits, 8), iat: 1_700_000_000 + Math.floor(r() * 1e7), role: "admin" })}.${draw(r, A.b64url, 43)}`,
  }),
  rule({
    id: "database-url-password",
    provider: "Database connection URL with password",
    kind: "database",
    severity: "critical",
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|clickhouse|cockroachdb):\/\/[^\s:@/"'`<>\\]{1,64}:(?<secret>[^\s@/"'`<>\\]{4,128})@[A-Za-z0-9.-]+/g,
    hint: "://",
    valid: (s) => !isPlaceholderPassword(s),
    sample: (r) =>
      `postgres://app:${draw(r, A.alnum, 12)}${draw(r, "%^*-_", 1)}${draw(r, A.alnum, 6)}@db.internal:5432/app`,
  }),
  rule({
    id: "url-basic-auth",
    provider: "URL with basic-auth credentials",
    kind: "url-credentials",
    severity: "high",
    pattern: /\bhttps?:\/\/[^\s:@/"'`<>\\]{1,64}:(?<secret>[^\s@/"'`<>\\]{4,128})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    hint: "://",
    valid: (s) => !isPlaceholderPassword(s),
    sample: (r) => `https://deploy:${draw(r, A.alnum, 16)}@registry.lab-internal.net/v2/`,
  }),
];

/**
 * For values with no provider format: digits and letters of both cases, and either a symbol or
 * 20+ characters; never an identifier (`passwordResetToken`), a path or a placeholder word.
 */
function isGeneratedLooking(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  const identifier = /^[a-z]+(?:[A-Z][a-z]+)+$|^[A-Z_]+$|^[a-z_]+$|^[a-z-]+$/.test(value);
  // Words and keyboard runs mark a typed example (`secret%3Dpassword`, `lsdkfol23w54jlksdef`).
  const typed = /password|secret|token|passwd|qwe|asdf?|sdf|lkj|jkl|zxc/i.test(value);
  return (
    !identifier &&
    !typed &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    (classes >= 4 || (classes >= 3 && value.length >= 20))
  );
}

function decodesToJsonObjects(jwt: string): boolean {
  const [header, payload] = jwt.split(".");
  try {
    const h = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof h !== "object" || h === null || !("alg" in h) || typeof p !== "object" || p === null) return false;
    // A token carries registered claims; jwt.io's "John Doe" sample and `{"some":"payload"}` demos do not count.
    const registered = ["sub", "exp", "iat", "iss", "aud", "nbf", "jti"].some((c) => c in p);
    return registered && !(p.sub === "1234567890" && p.name === "John Doe");
  } catch {
    return false;
  }
}

/** `NAME=value` with the rule's variable name: the shape a leaked .env line or config entry has. */
export function sampleAssignment(rule: SecretRule, rand: Rand): string {
  return `${rule.envName ?? "API_KEY"}=${rule.sample(rand)}`;
}

export function ruleById(id: string): SecretRule | undefined {
  return SECRET_RULES.find((r) => r.id === id);
}
