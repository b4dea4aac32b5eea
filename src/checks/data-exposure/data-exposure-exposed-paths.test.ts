import { describe, expect, it } from "vitest";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLabs } from "../../../test/lab-hooks.js";
import { EXPOSURE_PACK } from "./_exposure-pack.js";
import { plannedProbes, worstCaseRequests } from "./_exposure-probe.js";
import check from "./data-exposure-exposed-paths.js";
import deep from "./data-exposure-exposed-paths-deep.js";

describe("data-exposure-exposed-paths", () => {
  const labs = useLabs({
    vulnerable: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    json: () => startCatchAll("json"),
    spa: () => startCatchAll("spa"),
  });

  it("holds at least 120 distinct paths, each with a validator and a severity rationale", () => {
    expect(new Set(EXPOSURE_PACK.map((e) => e.path)).size).toBeGreaterThanOrEqual(120);
    expect(new Set(EXPOSURE_PACK.map((e) => e.path)).size).toBe(EXPOSURE_PACK.length);
    for (const e of EXPOSURE_PACK) {
      expect(e.rationale.length, e.path).toBeGreaterThan(20);
      expect(typeof e.validate).toBe("function");
      if (e.after) expect(EXPOSURE_PACK.some((g) => g.path === e.after)).toBe(true);
    }
  });

  it("declares request caps that cover the worst case of each tier", () => {
    expect(worstCaseRequests("default", "/api/v1/")).toBeLessThanOrEqual(check.meta.maxRequests);
    expect(worstCaseRequests("deep", "/api/v1/")).toBeLessThanOrEqual(deep.meta.maxRequests);
    expect(plannedProbes("default", "/").length).toBeLessThan(plannedProbes("default", "/api/v1/").length);
  });

  it("finds .env, .git, actuator, dumps, status pages and MCP config with severities raised by secrets inside", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = Object.fromEntries(findingsOf(report, check.meta.id).map((f) => [f.operation.path, f.severity]));
    expect(found).toMatchObject({
      "/.env": "critical",
      "/.mcp.json": "critical",
      "/actuator/env": "critical",
      "/backup.sql": "critical",
      "/.git/config": "high",
      "/.git/HEAD": "high",
      "/actuator": "medium",
      "/server-status": "medium",
      "/phpinfo.php": "medium",
      "/debug/pprof/": "medium",
      "/actuator/health": "low",
      "/api/v1/swagger.json": "info",
    });
    const env = findingsOf(report, check.meta.id).find((f) => f.operation.path === "/.env")!;
    expect(env.message).toContain("Together AI tgp_v1_…[redacted]");
    const text = JSON.stringify(report);
    for (const value of Object.values(plantedSecrets())) expect(text).not.toContain(value);
    expectNotCutAtCap(report, check);
  });

  it("keeps what it found when the scan budget runs out mid-pack", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl, { limits: { budget: 20 } });
    const paths = findingsOf(report, check.meta.id).map((f) => f.operation.path);
    expect(paths).toContain("/.git/config");
    expect(report.coverage.find((c) => c.check === check.meta.id)?.reason).toMatch(/^partial: /);
  });

  it("stays quiet on the hardened twin and on JSON and SPA catch-all hosts", async () => {
    for (const url of [labs.hardened.apiUrl, labs.json.url, `${labs.json.origin}/api/v1/users`, labs.spa.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
      expectNotCutAtCap(report, check);
    }
  });
});
