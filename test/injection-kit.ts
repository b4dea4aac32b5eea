/** Test helpers for the injection checks: real scans with the lab's spec against both flavours of lab/injection. */

import { expect, it } from "vitest";
import { type InjectionLab, startInjectionLab } from "../lab/injection/app.js";
import type { LabServer } from "../lab/kit.js";
import { startCatchAll } from "../lab/servers/catch-all.js";
import { type InjectionCoverage, injectionExtension, MAX_PER_SLOT } from "../src/checks/input-validation/_injection.js";
import type { Check } from "../src/engine/check.js";
import type { Finding, ScanReport } from "../src/engine/finding.js";
import { runScan, type ScanConfig } from "../src/engine/scan.js";
import { openapiEnricher } from "../src/openapi/enricher.js";
import { expectNotCutAtCap } from "./check-tester.js";
import { findingsOf, requestsOf, verdictOf } from "./harness.js";
import { useLabs } from "./lab-hooks.js";

export interface InjectionLabs {
  vulnerable: InjectionLab;
  hardened: InjectionLab;
  catchAll: LabServer;
  [name: string]: LabServer;
}

/** The vulnerable lab, its hardened twin and a JSON catch-all host, for one describe block. */
export function useInjectionLabs(): InjectionLabs {
  return useLabs<InjectionLabs>({
    vulnerable: () => startInjectionLab({ hardened: false }),
    hardened: () => startInjectionLab({ hardened: true }),
    catchAll: () => startCatchAll("json"),
  });
}

/** A scan of the lab host with its OpenAPI spec (what `rampart scan URL --spec lab/injection/openapi.yaml` does). */
export function scanWithSpec(
  checks: Check | readonly Check[],
  lab: LabServer,
  extra: Partial<ScanConfig> = {},
): Promise<ScanReport> {
  return runScan({
    url: `${lab.origin}/api/orders`,
    checks: Array.isArray(checks) ? checks : [checks as Check],
    seed: 7,
    limits: { budget: 1000 },
    enrichers: [
      openapiEnricher({ spec: new URL("../lab/injection/openapi.yaml", import.meta.url).pathname, discover: false }),
    ],
    ...extra,
  });
}

/** What the injection runner published for one check (`extensions.injection`); throws when absent. */
export function injectionCoverageOf(report: ScanReport, checkId: string): InjectionCoverage["checks"][string] {
  const entry = injectionExtension.read(report)?.checks[checkId];
  if (!entry) throw new Error(`no injection coverage for ${checkId}`);
  return entry;
}

/** Paths of the operations a rule fired on, sorted. */
export function firedOn(report: ScanReport, ruleId: string): string[] {
  return report.findings
    .filter((f: Finding) => f.ruleId === ruleId)
    .map((f) => f.operation.path)
    .sort();
}

export interface InjectionExpectation {
  /** Operation paths the check must fire on in the vulnerable lab, sorted. */
  fires: string[];
  severity: Finding["severity"];
  /** Extra scan settings (e.g. `enabled: ["active"]`). */
  extra?: Partial<ScanConfig>;
}

/**
 * The cases every injection check shares: found on the vulnerable lab (confirmed, with control
 * exchanges and a curl line each, at most 12 requests per slot), nothing on the hardened twin and
 * its traps nor on a catch-all host, and the same findings for the same seed.
 */
export function injectionSuite(check: Check, expected: InjectionExpectation): void {
  const labs = useInjectionLabs();

  it("fires on exactly the vulnerable operations, confirmed, with every control exchange reproducible", async () => {
    const report = await scanWithSpec(check, labs.vulnerable, expected.extra);
    expect(firedOn(report, check.meta.id)).toEqual(expected.fires);
    for (const f of findingsOf(report, check.meta.id)) {
      expect(f.severity).toBe(expected.severity);
      expect(f.confidence).toBe("confirmed");
      expect(f.owasp).toContain("API8:2023");
      expect(f.reproduce).toMatch(/^curl /);
      expect(f.evidence.related?.length).toBeGreaterThan(0);
      for (const r of f.evidence.related ?? []) expect(r.reproduce).toMatch(/^curl .*127\.0\.0\.1/);
    }
    const coverage = injectionCoverageOf(report, check.meta.id);
    expect(coverage.notProbed).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(coverage.probed * MAX_PER_SLOT);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and its traps, and on a catch-all host", async () => {
    const hardened = await scanWithSpec(check, labs.hardened, expected.extra);
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWithSpec(check, labs.catchAll, expected.extra);
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });

  it("sends the same probes and reports the same findings for the same seed", async () => {
    const a = await scanWithSpec(check, labs.vulnerable, expected.extra);
    const b = await scanWithSpec(check, labs.vulnerable, expected.extra);
    expect(JSON.stringify(b.findings)).toBe(JSON.stringify(a.findings));
  });
}
