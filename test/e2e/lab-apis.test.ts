/** Full default scans of the lab's REST API twins through the CLI, as a new user would run them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { CHECKS } from "../../src/checks/index.js";
import { main } from "../../src/cli/main.js";
import { atLeast, ScanReport } from "../../src/engine/finding.js";

async function cliScan(url: string, ...args: string[]): Promise<{ code: number; report: ScanReport; stderr: string }> {
  let out = "";
  let err = "";
  const code = await main(["scan", url, "--format", "json", ...args], {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    isTTY: false,
  });
  return { code, report: ScanReport.parse(JSON.parse(out)), stderr: err };
}

describe("default CLI scan of the lab APIs", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  beforeAll(async () => {
    [vulnerable, hardened] = await Promise.all([startRestApi({ hardened: false }), startRestApi({ hardened: true })]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close()]));

  it("finds nothing at low or above on the hardened twin, within 150 requests", async () => {
    const { code, report } = await cliScan(hardened.apiUrl, "--fail-on", "low");
    const loud = report.findings.filter((f) => atLeast(f.severity, "low"));
    expect(
      loud.map((f) => `${f.severity} ${f.ruleId} ${f.operation.method} ${f.operation.path}: ${f.message}`),
    ).toEqual([]);
    expect(code).toBe(0);
    expect(report.grade).toBe("A");
    expect(report.stats.requests).toBeLessThanOrEqual(150);
    expect(report.coverage.filter((c) => c.verdict === "error")).toEqual([]);
  });

  it("finds the seeded issues on the vulnerable API within 150 requests and fails the gate", async () => {
    const { code, report } = await cliScan(vulnerable.apiUrl);
    expect(code).toBe(1);
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      "cors-origin-reflected",
      "inventory-version-headers",
      "headers-content-type-options",
      "data-exposure-exposed-paths",
    ]) {
      expect(rules, id).toContain(id);
    }
    expect(report.stats.requests).toBeLessThanOrEqual(150);
    expect(report.coverage.filter((c) => c.verdict === "error")).toEqual([]);
    // Every request stayed on safe methods unless a check declared POST.
    const mayPost = CHECKS.some((c) => c.meta.methods.includes("POST"));
    for (const r of vulnerable.requests)
      expect(["GET", "HEAD", "OPTIONS", ...(mayPost ? ["POST"] : [])]).toContain(r.method);
  });

  it("gives byte-identical JSON for the same seed (apart from startedAt and stats)", async () => {
    const strip = (r: ScanReport) => JSON.stringify({ ...r, startedAt: "", stats: {} }, null, 2);
    const first = await cliScan(vulnerable.apiUrl, "--seed", "99");
    const second = await cliScan(vulnerable.apiUrl, "--seed", "99");
    expect(strip(second.report)).toBe(strip(first.report));
  });
});
