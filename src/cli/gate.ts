import { untestedLabel } from "../engine/completeness.js";
import type { ScanReport, Severity } from "../engine/finding.js";
import { atLeast, SEVERITIES } from "../engine/severity.js";

/**
 * Exit codes (README, docs/ci.md). 2 means the target could not be scanned (nothing answered,
 * nothing ran); a bad command line is 64 (EX_USAGE), so CI can tell a typo from an outage.
 */
export const EXIT = {
  passed: 0,
  gateFailed: 1,
  couldNotScan: 2,
  usage: 64,
  interrupted: 130,
  terminated: 143,
} as const;

export interface Gate {
  failOn: Severity | "none";
  minScore?: number;
  /** Accept an incomplete scan (deadline, budget, most checks without a verdict) as if it were whole. */
  allowPartial?: boolean;
}

export function parseFailOn(value: string): Severity | "none" {
  const v = value.toLowerCase();
  if (v === "none" || (SEVERITIES as readonly string[]).includes(v)) return v as Severity | "none";
  throw new Error(`--fail-on takes one of ${[...SEVERITIES, "none"].join(", ")}, not ${JSON.stringify(value)}`);
}

/** Why the gate failed, or undefined when it passed. */
export function gateFailure(
  report: Pick<ScanReport, "findings" | "score" | "partial">,
  gate: Gate,
): string | undefined {
  if (gate.failOn !== "none") {
    const failOn = gate.failOn;
    const hits = report.findings.filter((f) => atLeast(f.severity, failOn));
    if (hits.length > 0) return `${hits.length} finding(s) at ${failOn} or above`;
  }
  if (gate.minScore !== undefined && report.score < gate.minScore)
    return `score ${report.score} is below ${gate.minScore}`;
  if (report.partial && !gate.allowPartial) {
    const share = untestedLabel(report.partial);
    return `the scan is incomplete (${report.partial.reason}${share ? `; ${share}` : ""}); --allow-partial accepts it`;
  }
  return undefined;
}

export function nothingTested(report: Pick<ScanReport, "coverage" | "partial">): boolean {
  return (
    report.partial?.unscannable === true || !report.coverage.some((c) => c.verdict === "pass" || c.verdict === "fail")
  );
}

/** The one stderr line that says why nothing could be tested. */
export function nothingTestedCause(report: Pick<ScanReport, "coverage" | "partial">): string {
  if (report.partial?.reason) return report.partial.reason;
  if (report.coverage.length === 0) return "no check was selected";
  const reasons = [...new Set(report.coverage.map((c) => c.reason ?? c.verdict))];
  const all = report.coverage.every((c) => c.verdict === "skipped")
    ? "every check was skipped"
    : "no check reached a verdict";
  return `${all}: ${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? `; and ${reasons.length - 3} more reasons` : ""}`;
}
