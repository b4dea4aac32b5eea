import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check, { cspGap } from "./headers-html-csp.js";

describe("headers-html-csp", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, catchAll].map((s) => s.close())));

  it("reports the vulnerable API's HTML root without CSP as low", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    expect(findingsOf(report, check.meta.id).map((f) => [f.severity, f.operation.path])).toEqual([["low", "/"]]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("does not spend a request when a baseline is already HTML", async () => {
    const report = await scanWith(check, vulnerable.url);
    expect(findingsOf(report, check.meta.id)).toHaveLength(1);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes the hardened twin and skips a JSON catch-all host", async () => {
    const hardenedReport = await scanWith(check, hardened.apiUrl);
    expect(findingsOf(hardenedReport, check.meta.id)).toEqual([]);
    expect(verdictOf(hardenedReport, check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, catchAll.url), check.meta.id)).toBe("skipped");
  });

  it("rates a policy that allows inline script as info", () => {
    expect(cspGap("default-src 'self'; script-src 'self' 'unsafe-inline'")).toMatchObject({
      key: "weak",
      severity: "info",
    });
    expect(cspGap("script-src 'nonce-abc' 'unsafe-inline'")).toBeUndefined();
    expect(cspGap("frame-ancestors 'none'")).toMatchObject({ key: "weak" });
    expect(cspGap(undefined)).toMatchObject({ key: "missing", severity: "low" });
  });
});
