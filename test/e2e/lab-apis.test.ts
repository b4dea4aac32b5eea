/** Full default scans of the lab's REST API twins, as a new user would run them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { CHECKS } from "../../src/checks/index.js";
import { atLeast } from "../../src/engine/finding.js";
import { runScan } from "../../src/engine/scan.js";

describe("default scan of the lab APIs", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  beforeAll(async () => {
    [vulnerable, hardened] = await Promise.all([startRestApi({ hardened: false }), startRestApi({ hardened: true })]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close()]));

  it("finds nothing at low or above on the hardened twin", async () => {
    const report = await runScan({ url: hardened.apiUrl, checks: CHECKS });
    const loud = report.findings.filter((f) => atLeast(f.severity, "low"));
    expect(
      loud.map((f) => `${f.severity} ${f.ruleId} ${f.operation.method} ${f.operation.path}: ${f.message}`),
    ).toEqual([]);
    expect(report.grade).toBe("A");
  });

  it("finds the seeded issues on the vulnerable API within 150 requests", async () => {
    const report = await runScan({ url: vulnerable.apiUrl, checks: CHECKS });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.stats.requests).toBeLessThanOrEqual(150);
    expect(report.coverage.filter((c) => c.verdict === "error")).toEqual([]);
    // Every request stayed on safe methods unless a check declared POST.
    const posters = new Set(CHECKS.filter((c) => c.meta.methods.includes("POST")).map((c) => c.meta.id));
    const methods = new Set(vulnerable.requests.map((r) => r.method));
    for (const m of methods) expect(["GET", "HEAD", "OPTIONS", ...(posters.size ? ["POST"] : [])]).toContain(m);
  });

  it("gives byte-identical JSON for the same seed (apart from startedAt and stats)", async () => {
    const strip = (r: Awaited<ReturnType<typeof runScan>>) => JSON.stringify({ ...r, startedAt: "", stats: {} }, null, 2);
    const first = await runScan({ url: vulnerable.apiUrl, checks: CHECKS, seed: 99 });
    const second = await runScan({ url: vulnerable.apiUrl, checks: CHECKS, seed: 99 });
    expect(strip(second)).toBe(strip(first));
  });
});
