/** Helpers for check tests: run a real scan with chosen checks against a lab server. */
import type { Check } from "../src/engine/check.js";
import type { Finding, ScanReport } from "../src/engine/finding.js";
import { runScan, type ScanConfig, type TargetEnricher } from "../src/engine/scan.js";
import type { Operation } from "../src/engine/target.js";

/** Metadata for a check written inside a test (runner and engine tests): all but id and caps. */
export function testCheckMeta(purpose: string) {
  return {
    title: "Test check title",
    category: "inventory" as const,
    severity: "medium" as const,
    owasp: ["API8:2023"],
    cwe: ["CWE-200"],
    description: `A check used by ${purpose}.`,
    remediation: "Nothing to remediate here.",
  };
}

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

/** What an OpenAPI layer would add: these operations (source "spec"), fresh copies on every scan. */
export function specOperations(...ops: Omit<Operation, "source">[]): TargetEnricher {
  return {
    name: "test-spec",
    maxRequests: 0,
    async enrich({ target }) {
      target.operations.push(...ops.map((op): Operation => ({ ...structuredClone(op), source: "spec" })));
    },
  };
}

/** An io for the CLI's `main` that collects what it writes: `io`, then `stdout()` and `stderr()`. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), isTTY: false },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
