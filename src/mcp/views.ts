/**
 * The compact answers the MCP tools give: a few hundred bytes per scan, one line-sized object per
 * finding, so an agent's context is not flooded. The whole report is only ever sent by `get_report`.
 * Each view has a zod schema (the tool's declared output) and a pure function of the report.
 */
import { z } from "zod";
import { Category, Evidence, type Finding, Grade, type ScanReport, Severity } from "../engine/finding.js";
import type { ReportDiff } from "../report/diff.js";
import { countBySeverity } from "../report/rules.js";

const MESSAGE_CHARS = 240;

export const TopFinding = z.object({
  ruleId: z.string(),
  severity: Severity,
  title: z.string(),
  /** `METHOD /path` */
  operation: z.string(),
});
export type TopFinding = z.infer<typeof TopFinding>;

export const FindingLine = TopFinding.extend({
  /** Which part of the rule (an exposure group, an LLM probe family), when the rule has parts. */
  subRule: z.string().optional(),
  confidence: z.string(),
  category: Category,
  message: z.string(),
  /** Stable across scans: what `diff` matches on. */
  fingerprint: z.string(),
});
export type FindingLine = z.infer<typeof FindingLine>;

const SeverityCounts = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  info: z.number().int(),
});

/** One finding in full, for `explain_finding`: what was sent and seen (redacted), and how to reproduce it. */
export const FindingDetail = FindingLine.extend({
  evidence: Evidence,
  reproduce: z.string(),
  remediation: z.string(),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const ScanSummary = z.object({
  scanId: z.string(),
  target: z.string(),
  score: z.number().int(),
  grade: Grade,
  /** Why the grade is capped below what the score alone gives, when it is. */
  gradeCap: z.string().optional(),
  /** False when no check could judge the target (unreachable, everything inconclusive). */
  tested: z.boolean(),
  /** Set when the deadline, the budget or a cancel cut the scan short. */
  partial: z.string().optional(),
  counts: SeverityCounts,
  findings: z.number().int(),
  requests: z.number().int(),
  durationMs: z.number().int(),
  top: z.array(TopFinding),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

function operationOf(f: Finding): string {
  return `${f.operation.method} ${f.operation.path}`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function topFinding(f: Finding): TopFinding {
  return { ruleId: f.ruleId, severity: f.severity, title: f.title, operation: operationOf(f) };
}

export function findingLine(f: Finding): FindingLine {
  return {
    ...topFinding(f),
    ...(f.subRule ? { subRule: f.subRule } : {}),
    confidence: f.confidence,
    category: f.category,
    message: shorten(f.message, MESSAGE_CHARS),
    fingerprint: f.fingerprint,
  };
}

export function findingDetail(f: Finding): FindingDetail {
  return {
    ...findingLine(f),
    message: f.message,
    evidence: f.evidence,
    reproduce: f.reproduce,
    remediation: f.remediation,
  };
}

/** A check judged the target when at least one passed or failed. */
export function wasTested(report: ScanReport): boolean {
  return report.coverage.some((c) => c.verdict === "pass" || c.verdict === "fail");
}

export function scanSummary(scanId: string, report: ScanReport, topCount: number): ScanSummary {
  return {
    scanId,
    target: report.target,
    score: report.score,
    grade: report.grade,
    ...(report.gradeCap ? { gradeCap: `${report.gradeCap.grade}: ${report.gradeCap.reason}` } : {}),
    tested: wasTested(report),
    ...(report.partial ? { partial: report.partial.reason } : {}),
    counts: countBySeverity(report.findings),
    findings: report.findings.length,
    requests: report.stats.requests,
    durationMs: report.stats.durationMs,
    // The report lists findings most severe first.
    top: report.findings.slice(0, topCount).map(topFinding),
  };
}

export const DiffSummary = z.object({
  base: z.string(),
  head: z.string(),
  targetsDiffer: z.boolean(),
  scoreBefore: z.number().int(),
  scoreAfter: z.number().int(),
  gradeBefore: Grade,
  gradeAfter: Grade,
  scoreDrift: z.number().int(),
  counts: z.object({ new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int() }),
  new: z.array(TopFinding),
  fixed: z.array(TopFinding),
});
export type DiffSummary = z.infer<typeof DiffSummary>;

export function diffSummary(
  ids: { base: string; head: string },
  before: ScanReport,
  after: ScanReport,
  diff: ReportDiff,
  listCount: number,
): DiffSummary {
  return {
    ...ids,
    targetsDiffer: before.target !== after.target,
    scoreBefore: before.score,
    scoreAfter: after.score,
    gradeBefore: before.grade,
    gradeAfter: after.grade,
    scoreDrift: diff.scoreDrift,
    counts: { new: diff.new.length, fixed: diff.fixed.length, unchanged: diff.unchanged.length },
    new: diff.new.slice(0, listCount).map(topFinding),
    fixed: diff.fixed.slice(0, listCount).map(topFinding),
  };
}
