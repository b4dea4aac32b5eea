/**
 * Structured logs (pino, JSON lines). Redaction is belt and braces: the code never logs a token,
 * credential or secret on purpose, and these paths are censored if one ever slips into a log object.
 */
import pino, { type Logger } from "pino";

export const REDACTED_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "auth",
  "*.auth",
  "auth2",
  "*.auth2",
  "credentials",
  "*.credentials",
  "headers",
  "*.headers",
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? process.env.RAMPART_LOG_LEVEL ?? "info",
      base: { service: "rampart" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    opts.destination ?? pino.destination(2),
  );
}
