/**
 * Which findings are new, fixed or unchanged between two reports, matched by fingerprint (rule,
 * method, path template and key: no ids, timestamps or response bodies, so volatile data does not
 * make a finding look new), and how far the score moved. Shared by `rampart diff`, baselines, the
 * scan service and the MCP server.
 */
import type { Finding, ScanReport } from "../engine/finding.js";

interface Fingerprinted {
  fingerprint: string;
}

export interface ReportDiff {
  new: Finding[];
  fixed: Finding[];
  unchanged: Finding[];
  /** New score minus old score. */
  scoreDrift: number;
}

/** Matched by fingerprint; a baseline's entries (fingerprint and a few fields) diff like findings. */
export function diffFindings<Before extends Fingerprinted, After extends Fingerprinted>(
  before: readonly Before[],
  after: readonly After[],
): { new: After[]; fixed: Before[]; unchanged: After[] } {
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
