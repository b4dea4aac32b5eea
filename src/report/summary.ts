import { createColors } from "picocolors";
import { CATEGORIES, type ScanReport, type Severity } from "../engine/finding.js";
import { openapiSummaryLines } from "../openapi/summary.js";

type Colours = ReturnType<typeof createColors>;

function severityColour(pc: Colours): Record<Severity, (s: string) => string> {
  return { critical: (s) => pc.bold(pc.red(s)), high: pc.red, medium: pc.yellow, low: pc.cyan, info: pc.dim };
}

/**
 * A terminal summary: grade, findings by severity, categories and coverage. Plain text unless
 * `colour` is asked for (the CLI asks only when stdout is a terminal and NO_COLOR is unset).
 */
export function renderSummary(report: ScanReport, colour = false): string {
  const pc = createColors(colour);
  const SEVERITY_COLOUR = severityColour(pc);
  const lines: string[] = [];
  lines.push(pc.bold(`Rampart ${report.tool.version}  ${report.target}`));
  const cap = report.gradeCap ? pc.dim(` (capped by ${report.gradeCap.reason})`) : "";
  lines.push(`Score ${pc.bold(String(report.score))}/100   Grade ${pc.bold(report.grade)}${cap}`);
  if (report.partial) lines.push(pc.yellow(`Partial scan: ${report.partial.reason}`));
  if (report.extensions?.tier === "active")
    lines.push(pc.yellow("Tier: active (--active: OS command probes and benign writes sent)"));
  lines.push("");
  if (report.findings.length === 0) lines.push(pc.green("No findings."));
  for (const f of report.findings) {
    const sev = SEVERITY_COLOUR[f.severity](f.severity.toUpperCase().padEnd(8));
    lines.push(`${sev} ${f.ruleId.padEnd(30)} ${`${f.operation.method} ${f.operation.path}`.padEnd(28)} ${f.title}`);
    lines.push(pc.dim(`         ${f.message}`));
  }
  lines.push("");
  const cats = CATEGORIES.map((c) => {
    const s = report.categories[c];
    return s?.tested ? `${c} ${s.score}` : pc.dim(`${c} -`);
  });
  lines.push(`Categories: ${cats.join(" · ")}`);
  const counts = new Map<string, number>();
  for (const c of report.coverage) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const verdicts = [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
  lines.push(
    `Checks: ${report.coverage.length} (${verdicts})  ·  ${report.stats.requests} requests in ${(report.stats.durationMs / 1000).toFixed(1)} s`,
  );
  for (const line of openapiSummaryLines(report.extensions?.openapi)) lines.push(pc.dim(line));
  for (const c of report.coverage.filter((e) => e.verdict === "error" || e.verdict === "inconclusive")) {
    lines.push(pc.dim(`  ${c.check}: ${c.verdict}${c.reason ? ` (${c.reason})` : ""}`));
  }
  return `${lines.join("\n")}\n`;
}
