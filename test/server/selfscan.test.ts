/** Rampart scans its own running service (as a tenant would be scanned) and finds nothing at medium or above. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanTarget } from "../../src/api/scan.js";
import { atLeast } from "../../src/engine/severity.js";
import { startTestService, type TestService } from "./helpers.js";

describe("rampart scanning rampart serve", () => {
  let t: TestService;
  let token: string;
  let otherToken: string;
  beforeAll(async () => {
    // Three whole scans (about 800 requests) run from one address inside a minute: the per-minute limit is
    // set above that, so the per-second burst limit is what the last test sees.
    t = await startTestService({ burstPerSecond: 25, requestsPerMinute: 2000 });
    token = await t.token("a");
    otherToken = await t.token("b");
    // Something to find: a finished scan of the service itself, so list and detail routes hold data.
    await t.api("POST", "/v1/scans", token, { target: `${t.service.url}/healthz`, options: { budget: 20 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("finds nothing at medium or above, authenticated as one tenant with another as the second identity", async () => {
    const report = await scanTarget({
      target: `${t.service.url}/v1/scans`,
      auth: [`bearer:${token}`],
      auth2: [`bearer:${otherToken}`],
      seed: 1,
      budget: 400,
    });
    const serious = report.findings.filter((f) => atLeast(f.severity, "medium"));
    expect(
      serious.map((f) => `${f.severity} ${f.ruleId} ${f.operation.method} ${f.operation.path}: ${f.message}`),
    ).toEqual([]);
    expect(report.stats.requests).toBeGreaterThan(50);
    // The scan saw the API (its spec was discovered), not only error pages.
    const tested = report.coverage.filter((c) => c.verdict === "pass" || c.verdict === "fail");
    expect(tested.length).toBeGreaterThan(10);
  });

  it("finds nothing at medium or above anonymously, from the root as a new user would point it", async () => {
    for (const target of [`${t.service.url}/`, `${t.service.url}/healthz`]) {
      // The budget the scan had when this test was written; the service limits 600 requests a minute per address.
      const report = await scanTarget({ target, seed: 1, budget: 300 });
      const serious = report.findings.filter((f) => atLeast(f.severity, "medium"));
      expect(serious.map((f) => `${target}: ${f.severity} ${f.ruleId} ${f.operation.path}`)).toEqual([]);
      expect(report.stats.requests).toBeGreaterThan(50);
    }
  });

  it("throttles a burst (per tenant and per client address) with 429, Retry-After and a JSON error", async () => {
    const replies = await Promise.all(Array.from({ length: 40 }, () => t.api("GET", "/v1/scans", token)));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].json.error.code).toBe("rate_limited");
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The per-second window passes.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await t.api("GET", "/v1/scans", otherToken)).status).toBe(200);
  });
});
