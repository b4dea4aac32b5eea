import { createColors } from "picocolors";
import { CATEGORIES, type Finding, type ScanReport, SEVERITIES, type Severity } from "../engine/finding.js";
import { llmSummaryLines } from "../llm/summary.js";
import { openapiSummaryLines } from "../openapi/summary.js";
import { incompleteNotice } from "./completeness.js";
import { tierExtension } from "./extensions.js";
import { ruleLabel } from "./rule-label.js";
import { countBySeverity } from "./rules.js";

/** Findings of one rule shown one per line up to this many; beyond, one grouped line. */
const REPEATS_SHOWN = 3;

/** Findings grouped by rule and severity, in the report's order (most severe first). */
function groupByRule(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.ruleId}\n${f.severity}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

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
  const incomplete = incompleteNotice(report);
  if (incomplete) lines.push(pc.yellow(incomplete));
  if (tierExtension.read(report) === "active")
    lines.push(pc.yellow("Tier: active (--active: OS command probes and benign writes sent)"));
  lines.push("");
  if (report.findings.length === 0) lines.push(pc.green("No findings."));
  for (const group of groupByRule(report.findings)) {
    const f = group[0];
    const sev = SEVERITY_COLOUR[f.severity](f.severity.toUpperCase().padEnd(8));
    if (group.length <= REPEATS_SHOWN) {
      for (const g of group) {
        lines.push(
          `${sev} ${ruleLabel(g).padEnd(30)} ${`${g.operation.method} ${g.operation.path}`.padEnd(28)} ${g.title}`,
        );
        lines.push(pc.dim(`         ${g.message}`));
      }
      continue;
    }
    // One weakness repeated across many operations is one line, not a screenful.
    const ops = group.slice(0, REPEATS_SHOWN).map((g) => `${g.operation.method} ${g.operation.path}`);
    lines.push(`${sev} ${f.ruleId.padEnd(30)} ${`${group.length} operations`.padEnd(28)} ${f.title}`);
    lines.push(pc.dim(`         ${ops.join(", ")} and ${group.length - REPEATS_SHOWN} more`));
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
  for (const line of openapiSummaryLines(report)) lines.push(pc.dim(line));
  for (const line of llmSummaryLines(report)) lines.push(pc.dim(line));
  const unverdicted = new Map<string, string[]>();
  for (const c of report.coverage.filter((e) => e.verdict === "error" || e.verdict === "inconclusive")) {
    const why = `${c.verdict}${c.reason ? ` (${c.reason})` : ""}`;
    const checks = unverdicted.get(why);
    if (checks) checks.push(c.check);
    else unverdicted.set(why, [c.check]);
  }
  for (const [why, checks] of unverdicted) {
    const names = checks.length <= REPEATS_SHOWN ? checks.join(", ") : `${checks.length} checks`;
    lines.push(pc.dim(`  ${names}: ${why}`));
  }
  // The verdict comes last, so it is what stays on screen after a long list.
  const counts2 = countBySeverity(report.findings);
  const bySeverity = SEVERITIES.filter((sv) => counts2[sv] > 0).map((sv) => `${counts2[sv]} ${sv}`);
  lines.push(
    pc.bold(
      `Total: ${report.findings.length} findings${bySeverity.length ? ` (${bySeverity.join(", ")})` : ""} · score ${report.score}/100 · grade ${report.grade}${report.partial ? " · incomplete" : ""}`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
