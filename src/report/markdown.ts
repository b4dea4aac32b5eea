/**
 * A Markdown report sized for a pull-request comment or a job summary (GitHub caps a comment
 * at 65,536 characters): grade, category table, top findings, then one collapsible section per
 * finding until the budget runs out, with a note saying how many were left out.
 */

import { CATEGORIES, type Finding, type ScanReport, type Severity } from "../engine/finding.js";
import { incompleteNotice } from "./completeness.js";
import { type RenderOptions, ruleDocsUrl } from "./docs-links.js";
import { baselineOf, suppressionsOf } from "./extensions.js";
import { ruleLabel } from "./rule-label.js";
import { countBySeverity } from "./rules.js";

/** GitHub's limit for a comment body. */
export const PR_COMMENT_LIMIT = 65_536;
/** Room left under the limit for whatever a bot wraps around the report. */
const DEFAULT_BUDGET = PR_COMMENT_LIMIT - 2_536;
const TOP_FINDINGS = 10;
const MAX_FIELD = 600;
const MAX_BLOCK = 2_000;
/** Checks listed by name when they were not judged (errors, skips): bounded so the head always fits. */
const MAX_COVERAGE_LINES = 40;

const BADGE: Record<Severity, string> = {
  critical: "🔴 critical",
  high: "🟠 high",
  medium: "🟡 medium",
  low: "🔵 low",
  info: "⚪ info",
};

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Text safe in a table cell or a line: no HTML, no Markdown emphasis or links, no line breaks. */
export function escapeMarkdown(s: string, max = MAX_FIELD): string {
  // Brackets are escaped, so parentheses and "!" can never make a link or an image: they stay readable.
  return clip(s.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim(), max)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]#+|~]/g, (c) => `\\${c}`);
}

/** A fenced block whose fence is longer than any run of backticks inside, so nothing can close it early. */
function fenced(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${clip(text, MAX_BLOCK)}\n${fence}`;
}

/** An inline code span outside tables (its content is shown literally, so it is not escaped). */
function inlineCode(s: string, max = 300): string {
  const text = clip(s.replace(/\s+/g, " ").trim(), max);
  const fence = "`".repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence} ${text} ${fence}`;
}

function operationOf(f: Finding): string {
  return escapeMarkdown(`${f.operation.method} ${f.operation.path}`, 200);
}

function header(report: ScanReport): string[] {
  const counts = countBySeverity(report.findings);
  const countLine = (Object.keys(counts) as Severity[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(" · ");
  const lines = [
    `## Rampart: grade ${report.grade} (${report.score}/100)`,
    "",
    `Target ${inlineCode(report.target)} · ${report.coverage.length} checks · ${report.stats.requests} requests in ${(report.stats.durationMs / 1000).toFixed(1)} s · rampart ${escapeMarkdown(report.tool.version, 40)}`,
    "",
    report.findings.length === 0 ? "**No findings.**" : `**${report.findings.length} findings:** ${countLine}`,
  ];
  if (report.gradeCap)
    lines.push("", `> Grade capped at ${report.gradeCap.grade}: ${escapeMarkdown(report.gradeCap.reason)}.`);
  const incomplete = incompleteNotice(report);
  if (incomplete) lines.push("", `> **${escapeMarkdown(incomplete)}**`);
  const baseline = baselineOf(report);
  if (baseline)
    lines.push(
      "",
      `**Against the baseline** ${inlineCode(baseline.file, 120)}: ${baseline.new.length} new · ${baseline.unchanged.length} unchanged · ${baseline.fixed.length} fixed`,
    );
  return lines;
}

function categoryTable(report: ScanReport): string[] {
  const lines = ["", "### Categories", "", "| Category | Score | Findings |", "| --- | ---: | ---: |"];
  for (const c of CATEGORIES) {
    const s = report.categories[c];
    const n = report.findings.filter((f) => f.category === c).length;
    lines.push(s?.tested ? `| ${c} | ${s.score} | ${n} |` : `| ${c} | not tested | ${n || "–"} |`);
  }
  return lines;
}

function ruleLink(f: Finding, options: RenderOptions): string {
  return `[\`${escapeMarkdown(ruleLabel(f), 140)}\`](${ruleDocsUrl(f.ruleId, options)})`;
}

function topFindings(report: ScanReport, options: RenderOptions, newMark: (f: Finding) => string): string[] {
  if (report.findings.length === 0) return [];
  const top = report.findings.slice(0, TOP_FINDINGS);
  const lines = ["", "### Top findings", "", "| Severity | Rule | Operation | Finding |", "| --- | --- | --- | --- |"];
  for (const f of top)
    lines.push(
      `| ${BADGE[f.severity]}${newMark(f)} | ${ruleLink(f, options)} | ${operationOf(f)} | ${escapeMarkdown(f.title, 200)} |`,
    );
  if (report.findings.length > top.length) lines.push("", `…and ${report.findings.length - top.length} more.`);
  return lines;
}

function coverageSummary(report: ScanReport): string[] {
  const counts = new Map<string, number>();
  for (const c of report.coverage) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const summary = [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
  const notJudged = report.coverage.filter((c) => c.verdict !== "pass" && c.verdict !== "fail");
  if (notJudged.length === 0) return ["", `Checks: ${summary || "none"}.`];
  const listed = notJudged.slice(0, MAX_COVERAGE_LINES);
  return [
    "",
    `<details><summary>Checks: ${escapeMarkdown(summary)}</summary>`,
    "",
    ...listed.map(
      (c) => `- ${escapeMarkdown(c.check, 100)}: ${c.verdict}${c.reason ? ` (${escapeMarkdown(c.reason, 300)})` : ""}`,
    ),
    ...(notJudged.length > listed.length ? [`- …and ${notJudged.length - listed.length} more`] : []),
    "",
    "</details>",
  ];
}

/** " 🆕" on findings the baseline did not have, when the scan had one (the extension is read once). */
function newMarker(report: ScanReport): (f: Finding) => string {
  const fresh = new Set(baselineOf(report)?.new ?? []);
  return (f) => (fresh.has(f.fingerprint) ? " 🆕" : "");
}

function suppressedSummary(report: ScanReport): string[] {
  const suppressed = suppressionsOf(report);
  if (suppressed.length === 0) return [];
  const listed = suppressed.slice(0, MAX_COVERAGE_LINES);
  return [
    "",
    `<details><summary>${suppressed.length} suppressed by the config</summary>`,
    "",
    ...listed.map(
      (s) =>
        `- \`${s.finding.fingerprint}\` ${escapeMarkdown(ruleLabel(s.finding), 140)} on ${operationOf(s.finding)}: ${escapeMarkdown(s.reason, 300)} (until ${escapeMarkdown(s.expires, 20)})`,
    ),
    ...(suppressed.length > listed.length ? [`- …and ${suppressed.length - listed.length} more`] : []),
    "",
    "</details>",
  ];
}

function details(f: Finding, mark: string, options: RenderOptions): string {
  const evidence = f.evidence;
  const observed = [evidence.detail, evidence.excerpt].filter(Boolean).join("\n");
  const parts = [
    `<details><summary>${BADGE[f.severity]}${mark} · ${escapeMarkdown(f.title, 200)} · ${operationOf(f)}</summary>`,
    "",
    escapeMarkdown(f.message),
    "",
    `- Rule ${ruleLink(f, options)} · ${f.category} · confidence ${f.confidence} · ${[...f.owasp, ...f.cwe].join(", ")}`,
    `- Request ${escapeMarkdown(evidence.request, 300)}${evidence.status !== undefined ? ` → ${evidence.status}` : ""}`,
    `- Fingerprint \`${f.fingerprint}\``,
    ...instanceLines(f),
    ...(observed ? ["", fenced(observed)] : []),
    "",
    "Reproduce:",
    "",
    fenced(f.reproduce, "sh"),
    "",
    `**Fix:** ${escapeMarkdown(f.remediation)}`,
    "",
    "</details>",
  ];
  return parts.join("\n");
}

/** The report as Markdown of at most `budget` characters (the findings' details are cut first). */
export function renderMarkdown(report: ScanReport, budget = DEFAULT_BUDGET, options: RenderOptions = {}): string {
  const newMark = newMarker(report);
  const head = [
    ...header(report),
    ...categoryTable(report),
    ...topFindings(report, options, newMark),
    ...coverageSummary(report),
    ...suppressedSummary(report),
  ].join("\n");
  const title = report.findings.length > 0 ? "\n\n### Details" : "";
  const blocks: string[] = [];
  let used = head.length + title.length;
  // Reserve room for the note, so adding it can never push the comment over the budget.
  const noteRoom = 200;
  let shown = 0;
  for (const f of report.findings) {
    const block = `\n\n${details(f, newMark(f), options)}`;
    if (used + block.length + noteRoom > budget) break;
    blocks.push(block);
    used += block.length;
    shown++;
  }
  const omitted = report.findings.length - shown;
  const note =
    omitted > 0
      ? `\n\n> ${omitted} more finding${omitted === 1 ? "" : "s"} not shown to keep this under GitHub's comment limit; the full list is in the JSON, SARIF or HTML report.`
      : "";
  return `${head}${title}${blocks.join("")}${note}\n`;
}

/** The operations one cause was seen on, as a nested list (capped like the finding's own list). */
function instanceLines(f: Finding): string[] {
  if (!f.instances || (f.instanceCount ?? f.instances.length) < 2) return [];
  const more = (f.instanceCount ?? f.instances.length) - f.instances.length;
  return [
    `- Seen on ${f.instanceCount ?? f.instances.length} operations:`,
    ...f.instances.map(
      (i) =>
        `  - \`${escapeMarkdown(`${i.method} ${i.path}`, 200)}\`${i.evidence ? ` ${escapeMarkdown(i.evidence, 200)}` : ""}`,
    ),
    ...(more > 0 ? [`  - …and ${more} more`] : []),
  ];
}
