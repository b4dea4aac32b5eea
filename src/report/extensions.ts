/**
 * Report extensions written above the checks (the scan API, the CLI's baseline and policy) and read
 * by the report formats, the gate and the dashboard's API. The OpenAPI, LLM and injection layers
 * keep theirs beside their writers (`src/openapi/extension.ts`, `src/llm/extension.ts`,
 * `src/checks/input-validation/_injection.ts`).
 */
import { z } from "zod";
import { ScanTier } from "../engine/check.js";
import type { ScanReport } from "../engine/finding.js";
import { Finding } from "../engine/finding.js";
import { ReportExtension } from "../engine/seams.js";

/** `extensions.tier`: `active` when the opt-in active tier ran (state-changing probes), else `safe`. */
export const tierExtension = new ReportExtension("tier", ScanTier);

/** `extensions.baseline`, written by `scan --baseline`: fingerprints by their state against the baseline. */
export const baselineExtension = new ReportExtension(
  "baseline",
  z.object({
    file: z.string(),
    new: z.array(z.string()),
    unchanged: z.array(z.string()),
    fixed: z.array(z.string()),
  }),
);
export type BaselineExtension = z.output<typeof baselineExtension.schema>;

const SuppressedFinding = z.object({ finding: Finding, reason: z.string(), expires: z.string() });
/** One entry of `extensions.suppressions`, written by the config policy. */
export type SuppressedFinding = z.output<typeof SuppressedFinding>;
export const suppressionsExtension = new ReportExtension("suppressions", z.array(SuppressedFinding));

export function baselineOf(report: ScanReport): BaselineExtension | undefined {
  return baselineExtension.read(report);
}

export function suppressionsOf(report: ScanReport): SuppressedFinding[] {
  return suppressionsExtension.read(report) ?? [];
}
