/**
 * Which findings are new, fixed or unchanged between two reports, matched by fingerprint (rule,
 * method, path template and key: no ids, timestamps or response bodies, so volatile data does not
 * make a finding look new), and how far the score moved. Shared by `rampart diff`, baselines, the
 * scan service and the MCP server.
 */
import type { Finding, ScanReport } from "../engine/finding.js";

export interface ReportDiff {
  new: Finding[];
  fixed: Finding[];
  unchanged: Finding[];
  /** New score minus old score. */
  scoreDrift: number;
}

export function diffFindings(before: readonly Finding[], after: readonly Finding[]): Omit<ReportDiff, "scoreDrift"> {
  const beforeKeys = new Set(before.map((f) => f.fingerprint));
  const afterKeys = new Set(after.map((f) => f.fingerprint));
  return {
    new: after.filter((f) => !beforeKeys.has(f.fingerprint)),
    fixed: before.filter((f) => !afterKeys.has(f.fingerprint)),
    unchanged: after.filter((f) => beforeKeys.has(f.fingerprint)),
  };
}

export function diffReports(before: ScanReport, after: ScanReport): ReportDiff {
  return { ...diffFindings(before.findings, after.findings), scoreDrift: after.score - before.score };
}
