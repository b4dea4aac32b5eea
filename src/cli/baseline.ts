/**
 * Baselines: `rampart scan --baseline FILE` lets only findings that are not in the baseline fail
 * the gate (the report still lists every finding, and says which are new under
 * `extensions.baseline`). The file itself: `baseline-file.ts`.
 */

import { z } from "zod";
import type { ScanReport } from "../engine/finding.js";
import { type BaselineExtension, baselineExtension, baselineOf } from "../report/extensions.js";
import { type BaselineEntry, loadBaseline } from "./baseline-file.js";
import { diffFindings } from "./diff.js";
import { defineLayer } from "./layers.js";

/** Which findings the baseline already had, which are new and which it had that are gone. */
function baselineComparison(report: ScanReport, baseline: readonly BaselineEntry[], file: string): BaselineExtension {
  const diff = diffFindings(baseline, report.findings);
  return {
    file,
    new: diff.new.map((f) => f.fingerprint),
    unchanged: diff.unchanged.map((f) => f.fingerprint),
    fixed: diff.fixed.map((f) => f.fingerprint),
  };
}

/** The findings the gate judges: all of them, or only the new ones when the scan had a baseline. */
export function gateView(report: ScanReport): Pick<ScanReport, "findings" | "score"> {
  const baseline = baselineOf(report);
  if (!baseline) return report;
  const known = new Set(baseline.unchanged);
  return { findings: report.findings.filter((f) => !known.has(f.fingerprint)), score: report.score };
}

export const baselineLayer = defineLayer({
  name: "baseline",
  flags: z.object({ baseline: z.string().optional() }),
  register(cmd) {
    cmd.option("--baseline <file>", "only findings missing from this baseline (or earlier JSON report) fail the gate");
  },
  apply(flags) {
    // Read it now, so a missing or broken baseline stops before the scan rather than after.
    if (flags.baseline) loadBaseline(flags.baseline);
  },
  finish(report, flags, warn) {
    if (!flags.baseline) return report;
    const ext = baselineComparison(report, loadBaseline(flags.baseline), flags.baseline);
    warn(
      `baseline ${flags.baseline}: ${ext.new.length} new, ${ext.unchanged.length} unchanged, ${ext.fixed.length} fixed`,
    );
    return baselineExtension.withValue(report, ext);
  },
});
