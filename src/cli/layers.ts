/**
 * Optional parts of `rampart scan` (auth, OpenAPI, LLM, config files...). Each layer adds
 * its own options and turns them into scan configuration, so adding one touches its own
 * module and one line here.
 */
import type { Command } from "commander";
import type { ScanConfig } from "../engine/scan.js";

export interface CliLayer {
  name: string;
  register(cmd: Command): void;
  /** Reads the parsed options into the config. Throw `UsageError` for bad input (exit 2). */
  apply(opts: Record<string, unknown>, config: ScanConfig): void | Promise<void>;
}

/** Bad command-line input: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export async function loadLayers(): Promise<CliLayer[]> {
  return [(await import("./auth.js")).authLayer];
}
