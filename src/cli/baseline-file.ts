/**
 * The baseline file: `rampart baseline update <scan.json>` writes it, `scan --baseline FILE` reads it.
 * A baseline file or any JSON scan report can serve as the baseline: both list fingerprints.
 * (Kept apart from the scan layer so `rampart --help` loads no schema library.)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { Finding, ScanReport } from "../engine/finding.js";
import { diffFindings } from "./diff.js";
import { type Io, UsageError } from "./io.js";
import { readReport } from "./report.js";

export const DEFAULT_BASELINE_FILE = ".rampart-baseline.json";

export type BaselineEntry = Pick<Finding, "fingerprint" | "ruleId" | "severity" | "operation" | "title">;

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
