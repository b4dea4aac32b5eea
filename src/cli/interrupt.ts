/**
 * Ctrl-C and SIGTERM during a scan: the first one stops new requests (the engine aborts those in
 * flight and writes a partial report), the CLI writes that report to every requested output and
 * exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once, without a report.
 */
import { EXIT } from "./gate.js";

export type InterruptSignal = "SIGINT" | "SIGTERM";

export interface InterruptWatch {
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): InterruptSignal | undefined;
  dispose(): void;
}

export function exitCodeOf(signal: InterruptSignal): number {
  return signal === "SIGINT" ? EXIT.interrupted : EXIT.terminated;
}

export function watchInterrupts(
  warn: (line: string) => void,
  exitNow: (code: number) => void = (code) => process.exit(code),
): InterruptWatch {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  const on = (sig: InterruptSignal) => () => {
    if (first) {
      warn(`rampart: ${sig} again: exiting now, without a report\n`);
      exitNow(exitCodeOf(sig));
      return;
    }
    first = sig;
    warn(`rampart: ${sig}: stopping the scan and writing the partial report (${sig} again to quit at once)\n`);
    controller.abort(`scan interrupted by ${sig}`);
  };
  const handlers = { SIGINT: on("SIGINT"), SIGTERM: on("SIGTERM") };
  for (const [sig, handler] of Object.entries(handlers)) process.on(sig, handler);
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      for (const [sig, handler] of Object.entries(handlers)) process.off(sig, handler);
    },
  };
}
