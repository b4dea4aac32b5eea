/**
 * Optional parts of `rampart scan` (auth, OpenAPI, LLM, config files...). Each layer adds
 * its own options and turns them into scan configuration, so adding one touches its own
 * module and one line here.
 */
import type { Command } from "commander";
import type { ScanReport } from "../engine/finding.js";
import type { ScanConfig } from "../engine/scan.js";

export interface CliLayer {
  name: string;
  register(cmd: Command): void;
  /** Optional: fills option values (e.g. from a config file) before any layer reads them; flags win. */
  configure?(cmd: Command): void | Promise<void>;
  /**
   * Reads the parsed options into the config. Throw `UsageError` for bad input (exit 64).
   * Return "done" when the layer has completed the command itself (e.g. `--dry-run`): no scan runs.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most layers return nothing; "done" ends the command
  apply(opts: Record<string, unknown>, config: ScanConfig): void | "done" | Promise<void | "done">;
  /** Optional: rewrites or annotates the report after the scan, before it is written and gated (layer order). */
  finish?(report: ScanReport, opts: Record<string, unknown>, warn: (message: string) => void): ScanReport;
}

/** Bad command-line input: printed as one line, exit code 64. */
export { UsageError } from "../engine/errors.js";

export async function loadLayers(): Promise<CliLayer[]> {
  return [
    // The config file runs first: it fills option defaults that later layers read.
    (await import("./config.js")).configLayer,
    (await import("./auth.js")).authLayer,
    (await import("./exposure.js")).exposureLayer,
    (await import("./active.js")).activeLayer,
    (await import("./openapi.js")).openapiLayer,
    (await import("./baseline.js")).baselineLayer,
    (await import("./llm.js")).llmLayer(),
  ];
}
