/**
 * `rampart diff <old.json> <new.json>`: which findings are new, fixed or unchanged, matched by
 * fingerprint (rule, method, path template and key: no ids, timestamps or response bodies, so
 * volatile data does not make a finding look new), and how far the score moved.
 */
import type { Command } from "commander";
import type { Finding, ScanReport } from "../engine/finding.js";
import { diffReports, type ReportDiff } from "../report/diff.js";
import { ruleLabel } from "../report/rule-label.js";
import { EXIT, parseFailOn } from "./gate.js";
import type { Io } from "./io.js";
import { UsageError } from "./io.js";
import { readReport } from "./report.js";

export { diffFindings, diffReports, type ReportDiff } from "../report/diff.js";

function line(f: Finding): string {
  return `  ${f.severity.toUpperCase().padEnd(8)} ${ruleLabel(f).padEnd(32)} ${`${f.operation.method} ${f.operation.path}`.padEnd(30)} ${f.fingerprint}  ${f.title}`;
}

export function renderDiffText(diff: ReportDiff, before: ScanReport, after: ScanReport): string {
  const sign = diff.scoreDrift > 0 ? "+" : "";
  const out = [
    `Score ${before.score} (${before.grade}) -> ${after.score} (${after.grade}), drift ${sign}${diff.scoreDrift}`,
    `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.unchanged.length} unchanged`,
  ];
  if (before.target !== after.target) out.push(`note: the targets differ (${before.target} vs ${after.target})`);
  for (const [title, list] of [
    ["New", diff.new],
    ["Fixed", diff.fixed],
  ] as const) {
    if (list.length === 0) continue;
    out.push("", `${title}:`, ...list.map(line));
  }
  return `${out.join("\n")}\n`;
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("diff")
    .description("compare two JSON scan reports: new, fixed and unchanged findings and the score drift")
    .argument("<old.json>", "the earlier scan (rampart scan --format json)")
    .argument("<new.json>", "the later scan")
    .option("-f, --format <format>", "text or json ({ new, fixed, unchanged, scoreDrift })", "text")
    .option("--fail-on <severity>", "exit 1 when a new finding is at or above this severity", "none")
    .action(async (oldFile: string, newFile: string, opts: { format: string; failOn: string }) => {
      if (opts.format !== "text" && opts.format !== "json")
        throw new UsageError(`diff --format takes text or json, not ${JSON.stringify(opts.format)}`);
      let failOn: ReturnType<typeof parseFailOn>;
      try {
        failOn = parseFailOn(opts.failOn);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const [before, after] = [await readReport(oldFile), await readReport(newFile)];
      const diff = diffReports(before, after);
      io.stdout(opts.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff, before, after));
      const { atLeast } = await import("../engine/severity.js");
      const failing = failOn !== "none" && diff.new.some((f) => atLeast(f.severity, failOn));
      setExit(failing ? EXIT.gateFailed : EXIT.passed);
    });
}
