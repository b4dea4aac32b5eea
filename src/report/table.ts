/** A plain-text table of the findings (no colour), for logs and for piping to grep or awk. */
import type { ScanReport } from "../engine/finding.js";
import { incompleteNotice } from "./completeness.js";
import { ruleLabel } from "./rule-label.js";

const COLUMNS = [
  { title: "SEVERITY", max: 8 },
  { title: "CONFIDENCE", max: 10 },
  { title: "RULE", max: 40 },
  { title: "OPERATION", max: 50 },
  { title: "FINGERPRINT", max: 16 },
  { title: "TITLE", max: 80 },
] as const;

function cell(s: string, max: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function renderTable(report: ScanReport): string {
  const rows = report.findings.map((f) =>
    [f.severity, f.confidence, ruleLabel(f), `${f.operation.method} ${f.operation.path}`, f.fingerprint, f.title].map(
      (v, i) => cell(v, COLUMNS[i].max),
    ),
  );
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  out.push(
    "",
    `${report.findings.length} findings · score ${report.score}/100 · grade ${report.grade} · ${report.target}`,
  );
  const incomplete = incompleteNotice(report);
  if (incomplete) out.push(incomplete);
  return `${out.join("\n")}\n`;
}
