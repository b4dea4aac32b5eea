/** What every `rampart` command shares and nothing else: where output goes, flag parsers, usage errors. */
import { InvalidArgumentError } from "commander";
import { UsageError } from "../engine/errors.js";

/** Bad command-line input: printed as one line, exit code 64. */
export { UsageError } from "../engine/errors.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

export function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseHeader(h: string): [string, string] {
  const i = h.indexOf(":");
  if (i <= 0) throw new UsageError(`--header takes "Name: value", not ${JSON.stringify(h)}`);
  const name = h.slice(0, i).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`invalid header name ${JSON.stringify(name)}`);
  return [name, h.slice(i + 1).trim()];
}
