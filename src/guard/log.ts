/**
 * Structured logs (pino, one JSON line per event). Never a key: callers appear as a key id, and
 * credential-bearing fields are censored by path as a second line of defence. Prompts and answers
 * are logged only with `log.prompts: true`, and then with secrets, PII and protected strings masked.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import { maskPiiIn } from "../detect/pii/index.js";
import { redactValues } from "../detect/redact.js";
import { maskSecretsIn } from "../detect/secrets/index.js";
import type { GuardPolicy } from "./config.js";

export type GuardLogger = Logger;

const CENSORED = [
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.authorization",
  "apiKey",
  "api_key",
  "key",
  "upstreamKey",
  "*.apiKey",
  "*.api_key",
];

export function createLogger(policy: GuardPolicy, destination?: DestinationStream): GuardLogger {
  return pino(
    {
      name: "rampart-guard",
      level: policy.log.level,
      base: undefined,
      redact: { paths: CENSORED, censor: "[redacted]" },
    },
    destination ?? pino.destination(2),
  );
}

/** Text fit for a log line: secrets, PII, protected strings, canaries and every configured key masked. */
export function loggableText(policy: GuardPolicy, text: string, max = 2000): string {
  const masked = redactValues(maskPiiIn(maskSecretsIn(text)), [
    ...policy.keys,
    ...policy.output.protected,
    ...policy.output.canaries,
  ]);
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}
