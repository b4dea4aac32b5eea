/** Helpers for check tests: run a real scan with chosen checks against a lab server. */
import type { Check } from "../src/engine/check.js";
import type { Finding, ScanReport } from "../src/engine/finding.js";
import { runScan, type ScanConfig } from "../src/engine/scan.js";

export async function scanWith(
  checks: Check | readonly Check[],
  url: string,
  extra: Partial<ScanConfig> = {},
): Promise<ScanReport> {
  return runScan({ url, checks: Array.isArray(checks) ? checks : [checks as Check], seed: 7, ...extra });
}

export function findingsOf(report: ScanReport, ruleId: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

export function verdictOf(report: ScanReport, checkId: string): string | undefined {
  return report.coverage.find((c) => c.check === checkId)?.verdict;
}

/** Requests a check sent, from the report's coverage. */
export function requestsOf(report: ScanReport, checkId: string): number {
  return report.coverage.find((c) => c.check === checkId)?.requests ?? 0;
}
