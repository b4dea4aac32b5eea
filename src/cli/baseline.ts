/**
 * Baselines: `rampart scan --baseline FILE` lets only findings that are not in the baseline fail
 * the gate (the report still lists every finding, and says which are new under
 * `extensions.baseline`); `rampart baseline update <scan.json>` writes the baseline file.
 * A baseline file or any JSON scan report can serve as the baseline: both list fingerprints.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import type { Finding, ScanReport } from "../engine/finding.js";
import { type BaselineExtension, baselineExtension } from "../report/extensions.js";
import { baselineOf } from "../report/rules.js";
import { diffFindings } from "./diff.js";
import { type Io, UsageError } from "./io.js";
import { defineLayer } from "./layers.js";
import { readReport } from "./report.js";

export const DEFAULT_BASELINE_FILE = ".rampart-baseline.json";

type BaselineEntry = Pick<Finding, "fingerprint" | "ruleId" | "severity" | "operation" | "title">;

export interface BaselineFile {
  rampartBaseline: 1;
  target: string;
  findings: BaselineEntry[];
}

export function toBaseline(report: ScanReport): BaselineFile {
  return {
    rampartBaseline: 1,
    target: report.target,
    findings: report.findings
      .map(({ fingerprint, ruleId, severity, operation, title }) => ({
        fingerprint,
        ruleId,
        severity,
        operation,
        title,
      }))
      .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
  };
}

export function loadBaseline(file: string): BaselineEntry[] {
  let data: { findings?: unknown };
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new UsageError(
      `cannot read the baseline ${file}: ${why} (create it with \`rampart baseline update <scan.json> --file ${file}\`)`,
    );
  }
  const findings = data?.findings;
  if (!Array.isArray(findings) || !findings.every((f) => typeof f?.fingerprint === "string"))
    throw new UsageError(`${file} is not a baseline or a scan report: expected findings with fingerprints`);
  return findings as BaselineEntry[];
}

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

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const baseline = program.command("baseline").description("manage the baseline file used by `scan --baseline`");
  baseline
    .command("update")
    .description("write the baseline from a JSON scan report (accepts its current findings)")
    .argument("<scan.json>", "a report written by `rampart scan --format json`")
    .option("--file <file>", "the baseline file", DEFAULT_BASELINE_FILE)
    .action(async (scanFile: string, opts: { file: string }) => {
      const report = await readReport(scanFile);
      const previous = existsSync(opts.file) ? loadBaseline(opts.file) : [];
      const next = toBaseline(report);
      writeFileSync(opts.file, `${JSON.stringify(next, null, 2)}\n`);
      const diff = diffFindings(previous, report.findings);
      io.stdout(
        `wrote ${next.findings.length} findings to ${opts.file} (${diff.new.length} added, ${diff.fixed.length} removed)\n`,
      );
      setExit(0);
    });
}
