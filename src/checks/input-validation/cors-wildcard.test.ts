import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, startLab } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import corsOriginReflected from "./cors-origin-reflected.js";
import check, { wildcardSeverity } from "./cors-wildcard.js";

describe("cors-wildcard", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  let wildcardWithCredentials: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll, wildcardWithCredentials] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
      startLab((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
          "access-control-allow-credentials": "true",
        });
        res.end("{}");
      }),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, catchAll, wildcardWithCredentials].map((s) => s.close())));

  it("reports * on a loopback API as low (any site can read what only the user reaches)", async () => {
    const report = await scanWith(check, `${vulnerable.origin}/api/v1/status`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.responseHeaders?.["access-control-allow-origin"]])).toEqual([
      ["low", "*"],
    ]);
    expect(found[0].message).toMatch(/on GET/);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("reuses the arbitrary-origin probe of cors-origin-reflected in the same scan", async () => {
    const report = await scanWith([corsOriginReflected, check], `${vulnerable.origin}/api/v1/status`);
    expect(findingsOf(report, check.meta.id).map((f) => f.severity)).toEqual(["low"]);
    expect(requestsOf(report, check.meta.id) + requestsOf(report, corsOriginReflected.meta.id)).toBe(2);
  });

  it("reports * with credentials as a low, confused policy", async () => {
    const found = findingsOf(await scanWith(check, `${wildcardWithCredentials.origin}/api`), check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
    expect(found[0].message).toMatch(/browsers refuse/);
  });

  it("keeps * on a public host informational", () => {
    expect(wildcardSeverity("api.example.com", false)).toBe("info");
    expect(wildcardSeverity("api.example.com", true)).toBe("low");
  });

  it("does not mistake a reflected origin for a wildcard, and stays quiet on the hardened twin and a catch-all", async () => {
    for (const url of [vulnerable.apiUrl, hardened.apiUrl, `${hardened.origin}/api/v1/status`, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
