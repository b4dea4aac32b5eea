import type { ScanReport, Severity } from "../engine/finding.js";
import { atLeast, SEVERITIES } from "../engine/severity.js";

export const EXIT = { passed: 0, gateFailed: 1, couldNotScan: 2 } as const;

export interface Gate {
  failOn: Severity | "none";
  minScore?: number;
}

export function parseFailOn(value: string): Severity | "none" {
  const v = value.toLowerCase();
  if (v === "none" || (SEVERITIES as readonly string[]).includes(v)) return v as Severity | "none";
  throw new Error(`--fail-on takes one of ${[...SEVERITIES, "none"].join(", ")}, not ${JSON.stringify(value)}`);
}

/** Why the gate failed, or undefined when it passed. */
export function gateFailure(report: Pick<ScanReport, "findings" | "score">, gate: Gate): string | undefined {
  if (gate.failOn !== "none") {
    const failOn = gate.failOn;
    const hits = report.findings.filter((f) => atLeast(f.severity, failOn));
    if (hits.length > 0) return `${hits.length} finding(s) at ${failOn} or above`;
  }
  if (gate.minScore !== undefined && report.score < gate.minScore)
    return `score ${report.score} is below ${gate.minScore}`;
  return undefined;
}

export function nothingTested(report: Pick<ScanReport, "coverage">): boolean {
  return !report.coverage.some((c) => c.verdict === "pass" || c.verdict === "fail");
}
