/**
 * The guard policy: one zod schema for `guard.yaml` and for `createGuard(policy)` in code, so the
 * proxy and the library enforce the same thing. Errors are one line naming the key at fault.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

export class GuardConfigError extends Error {
  override name = "GuardConfigError";
}

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86_400 } as const;
/** "20/minute", "5/second", "1000/day". */
const RATE = /^\s*(\d+)\s*\/\s*(second|minute|hour|day)s?\s*$/;

export interface Rate {
  points: number;
  durationS: number;
  text: string;
}

const RateSpec = z
  .string()
  .regex(RATE, 'a rate such as "20/minute" (per second, minute, hour or day)')
  .transform((text): Rate => {
    const [, n, unit] = RATE.exec(text)!;
    return { points: Number(n), durationS: UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS], text: text.trim() };
  });

const positive = z.number().int().positive();

export const GuardPolicySchema = z.strictObject({
  /** Caller keys accepted as `Authorization: Bearer`; any other gets 401. */
  keys: z.array(z.string().min(8, "caller keys have at least 8 characters")).min(1, "list at least one caller key"),
  /** Environment variable holding the upstream provider key (never a caller's key). */
  upstream_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name")
    .optional(),
  /** File holding the upstream key (a mounted secret); used when the variable is not set. */
  upstream_key_file: z.string().optional(),
  limits: z
    .strictObject({
      max_input_chars: positive.default(32_000),
      /** Counted with a BPE tokenizer (cl100k) after the character cap. */
      max_input_tokens: positive.optional(),
      max_tokens: positive.default(1024),
      n: positive.default(1),
      /** What happens to a max_tokens or n above the limit: lowered to it, or refused with 400. */
      over_limit: z.enum(["clamp", "refuse"]).default("clamp"),
      /** Allowed models; the first is used when a request names none. Absent: any model. */
      models: z.array(z.string().min(1)).min(1).optional(),
      rate: z.strictObject({ per_key: RateSpec }).optional(),
      tokens_per_day: positive.optional(),
      /** Request fields dropped before forwarding (echo returns the system prompt on Together). */
      strip_params: z.array(z.string()).default(["echo"]),
    })
    .prefault({}),
  input: z.strictObject({ block_injection: z.boolean().default(false) }).prefault({}),
  output: z
    .strictObject({
      redact: z.array(z.enum(["pii", "secrets"])).default(["pii", "secrets"]),
      /** Strings that must never leave (system-prompt fragments): an answer with one is withheld. */
      protected: z.array(z.string().min(6, "protected strings have at least 6 characters")).default([]),
      /** Remove markdown and HTML images, javascript: links and script elements (exfiltration and XSS). */
      strip_markup: z.boolean().default(true),
      /** Canary tokens planted in the system prompt: same treatment, named apart for the logs. */
      canaries: z.array(z.string().min(6, "canary tokens have at least 6 characters")).default([]),
    })
    .prefault({}),
  retry: z
    .strictObject({
      max: z.number().int().min(0).max(10).default(3),
      base_ms: positive.default(250),
      /** Longest wait for one retry; a Retry-After above it is passed back to the caller instead. */
      max_wait_ms: positive.default(10_000),
      /** Per upstream attempt, streamed answers included (the SDKs default to 60 s). */
      timeout_ms: positive.default(120_000),
    })
    .prefault({}),
  breaker: z
    .strictObject({
      failures: positive.default(5),
      cooldown_ms: positive.default(30_000),
    })
    .prefault({}),
  /** Shared counters for several guard instances. */
  store: z.strictObject({ redis_url: z.string().regex(/^rediss?:\/\//, "a redis:// URL") }).optional(),
  log: z
    .strictObject({
      level: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
      /** Log prompts and answers (redacted). Off by default. */
      prompts: z.boolean().default(false),
    })
    .prefault({}),
});

/** What a caller writes (defaults optional). */
export type GuardPolicyInput = z.input<typeof GuardPolicySchema>;
/** The policy with every default filled in. */
export type GuardPolicy = z.output<typeof GuardPolicySchema>;

function oneLine(error: z.ZodError, source: string): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "(top level)";
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
      : issue.message;
  return `${source}: ${where}: ${message}`;
}

/** Policies this module produced: passing one back (createGuard(loadPolicyFile(...))) is not re-parsed. */
const parsedPolicies = new WeakSet<object>();

export function parsePolicy(value: unknown, source = "guard policy"): GuardPolicy {
  if (value && typeof value === "object" && parsedPolicies.has(value)) return value as GuardPolicy;
  const parsed = GuardPolicySchema.safeParse(value);
  if (!parsed.success) throw new GuardConfigError(oneLine(parsed.error, source));
  parsedPolicies.add(parsed.data);
  return parsed.data;
}

export function loadPolicyFile(file: string): GuardPolicy {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new GuardConfigError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new GuardConfigError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  return parsePolicy(value, file);
}
