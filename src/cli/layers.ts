/**
 * Optional parts of `rampart scan` (auth, OpenAPI, LLM, config files...). Each layer adds its own
 * flags, declares their types as a zod schema, and turns them into fields of the `ScanRequest`
 * that the scan API composes into a scan, so the CLI, the service and the MCP server configure
 * scans one way. Adding a layer touches its own module and one line in `main.ts`.
 */
import type { Command } from "commander";
import type { z } from "zod";
import type { ScanRequestInput } from "../api/scan.js";
import { UsageError } from "../engine/errors.js";
import type { ScanReport } from "../engine/finding.js";

/** Bad command-line input: printed as one line, exit code 64. */
export { UsageError } from "../engine/errors.js";

/** The request the layers fill in, in order; validated by the scan API once every layer has run. */
export type ScanRequestDraft = ScanRequestInput;

// biome-ignore lint/suspicious/noConfusingVoidType: most layers return nothing; "done" ends the command
type ApplyResult = void | "done" | Promise<void | "done">;

/** A layer as it is written: its flags typed by `flags`. */
export interface CliLayerSpec<Flags> {
  name: string;
  /** The layer's flags as commander holds them (camelCase keys); other keys are ignored. */
  flags: z.ZodType<Flags>;
  register(cmd: Command): void;
  /** Optional: fills option values (e.g. from a config file) before any layer reads them; flags win. */
  configure?(cmd: Command): void | Promise<void>;
  /**
   * Puts the layer's flags into the request. Throw `UsageError` for bad input (exit 64), naming the flag.
   * Return "done" when the layer has completed the command itself (e.g. `--dry-run`): no scan runs.
   */
  apply(flags: Flags, request: ScanRequestDraft): ApplyResult;
  /** Optional: rewrites or annotates the report after the scan, before it is written and gated (layer order). */
  finish?(report: ScanReport, flags: Flags, warn: (message: string) => void): ScanReport;
}

/** A layer as `rampart scan` runs it: it reads its own flags out of all the options. */
export interface CliLayer {
  name: string;
  register(cmd: Command): void;
  configure?(cmd: Command): void | Promise<void>;
  apply(opts: Record<string, unknown>, request: ScanRequestDraft): ApplyResult;
  finish?(report: ScanReport, opts: Record<string, unknown>, warn: (message: string) => void): ScanReport;
}

/** Reads a layer's flags out of the parsed options; a value of the wrong type (from a config file) is a usage error. */
export function flagsOf<Flags>(schema: z.ZodType<Flags>, opts: Record<string, unknown>): Flags {
  const parsed = schema.safeParse(opts);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue?.path.map((p) => `--${String(p).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(" ");
  throw new UsageError(`${flag || "options"}: ${issue?.message ?? "invalid value"}`);
}

/** The URL to scan, once the layers have filled the request (the config file may name it). */
export function requireTarget(request: ScanRequestDraft): string {
  if (!request.target) throw new UsageError("give the API URL to scan (or `target:` in .rampart.yaml)");
  return request.target;
}

export function defineLayer<Flags>(spec: CliLayerSpec<Flags>): CliLayer {
  const { finish } = spec;
  return {
    name: spec.name,
    register: (cmd) => spec.register(cmd),
    ...(spec.configure ? { configure: spec.configure } : {}),
    apply: (opts, request) => spec.apply(flagsOf(spec.flags, opts), request),
    ...(finish ? { finish: (report, opts, warn) => finish(report, flagsOf(spec.flags, opts), warn) } : {}),
  };
}
