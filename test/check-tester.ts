/**
 * The CheckTester, Rampart's counterpart of ESLint's RuleTester: one declaration per check of the
 * lab cases it must report and the ones it must stay quiet on. Cases assert on stable keys (rule,
 * operation, severity, confidence, the check's own finding key) instead of prose, a quiet case
 * asserts the verdict (a crash or a skip is not "quiet"), and no case may end at the check's
 * request cap (the client throws there, so "within the cap" alone proves nothing).
 */
import { describe, expect, it } from "vitest";
import type { Check } from "../src/engine/check.js";
import type { Confidence, Finding, ScanReport, Severity, Verdict } from "../src/engine/finding.js";
import { fingerprintOf, type ScanConfig } from "../src/engine/scan.js";
import { scanWith } from "./harness.js";
import { useLab } from "./lab-hooks.js";

export interface ExpectedFinding {
  method?: string;
  /** The operation's path template, e.g. `/api/v1/users/{id}`. */
  path?: string;
  severity?: Severity;
  confidence?: Confidence;
  /** The key the check passes to `report({ key })`; matched through the fingerprint. */
  key?: string;
}

interface Case<L> {
  name: string;
  url(labs: L): string;
  config?(labs: L): Partial<ScanConfig>;
}

export interface FindCase<L> extends Case<L> {
  finds: ExpectedFinding[];
  /** When true, the check reports these and nothing else. */
  only?: boolean;
}

export interface QuietCase<L> extends Case<L> {
  /** The verdict a quiet run must end with (default `pass`). */
  verdict?: Extract<Verdict, "pass" | "inconclusive" | "skipped">;
}

export interface CheckTests<L extends { close(): Promise<void> }> {
  labs(): Promise<L>;
  finds?: FindCase<L>[];
  quiet?: QuietCase<L>[];
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  return (
    (e.method === undefined || f.operation.method === e.method) &&
    (e.path === undefined || f.operation.path === e.path) &&
    (e.severity === undefined || f.severity === e.severity) &&
    (e.confidence === undefined || f.confidence === e.confidence) &&
    (e.key === undefined || f.fingerprint === fingerprintOf(f.ruleId, f.operation, e.key))
  );
}

/** Each expected finding matched by a distinct reported one; returns the unmatched expectations. */
export function unmatched(found: readonly Finding[], expected: readonly ExpectedFinding[]): ExpectedFinding[] {
  const left = [...found];
  const missing: ExpectedFinding[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => matches(f, e));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return missing;
}

/** The check ran to its own end: not cut at its request cap. */
export function expectNotCutAtCap(report: ScanReport, check: Check): void {
  const entry = report.coverage.find((c) => c.check === check.meta.id);
  expect(entry, `${check.meta.id} has a coverage entry`).toBeDefined();
  expect(entry?.reason ?? "", `${check.meta.id} stopped at its request cap`).not.toMatch(/stopped at its limit/);
}

export function testCheck<L extends { close(): Promise<void> }>(check: Check, tests: CheckTests<L>): void {
  describe(`${check.meta.id} (CheckTester)`, () => {
    const labs = useLab(tests.labs);
    for (const c of tests.finds ?? []) {
      it(`finds: ${c.name}`, async () => {
        const report = await scanWith(check, c.url(labs), c.config?.(labs));
        const found = report.findings.filter((f) => f.ruleId === check.meta.id);
        const summary = found.map((f) => `${f.severity} ${f.confidence} ${f.operation.method} ${f.operation.path}`);
        expect(unmatched(found, c.finds), `reported: ${JSON.stringify(summary)}`).toEqual([]);
        if (c.only) expect(found.length).toBe(c.finds.length);
        expect(report.coverage.find((e) => e.check === check.meta.id)?.verdict).toBe("fail");
        expectNotCutAtCap(report, check);
      });
    }
    for (const c of tests.quiet ?? []) {
      it(`quiet: ${c.name}`, async () => {
        const report = await scanWith(check, c.url(labs), c.config?.(labs));
        const found = report.findings.filter((f) => f.ruleId === check.meta.id);
        expect(found.map((f) => `${f.operation.method} ${f.operation.path}: ${f.message}`)).toEqual([]);
        const entry = report.coverage.find((e) => e.check === check.meta.id);
        expect(entry?.verdict, entry?.reason).toBe(c.verdict ?? "pass");
        expectNotCutAtCap(report, check);
      });
    }
  });
}
