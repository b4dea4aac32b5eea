import { describe, expect, it } from "vitest";
import { startLab } from "../../../lab/kit.js";
import { startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLabs } from "../../../test/lab-hooks.js";
import corsOriginReflected from "./cors-origin-reflected.js";
import check, { wildcardSeverity } from "./cors-wildcard.js";

describe("cors-wildcard", () => {
  const labs = useLabs({
    vulnerable: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    catchAll: () => startCatchAll("json"),
    wildcardWithCredentials: () =>
      startLab((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
          "access-control-allow-credentials": "true",
        });
        res.end("{}");
      }),
  });

  it("reports * on a loopback API as low (any site can read what only the user reaches)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/status`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.responseHeaders?.["access-control-allow-origin"]])).toEqual([
      ["low", "*"],
    ]);
    expect(found[0].message).toMatch(/on GET/);
    expectNotCutAtCap(report, check);
  });

  it("reuses the arbitrary-origin probe of cors-origin-reflected in the same scan", async () => {
    const report = await scanWith([corsOriginReflected, check], `${labs.vulnerable.origin}/api/v1/status`);
    expect(findingsOf(report, check.meta.id).map((f) => f.severity)).toEqual(["low"]);
    expect(requestsOf(report, check.meta.id) + requestsOf(report, corsOriginReflected.meta.id)).toBe(2);
  });

  it("reports * with credentials as a low, confused policy", async () => {
    const found = findingsOf(await scanWith(check, `${labs.wildcardWithCredentials.origin}/api`), check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
    expect(found[0].message).toMatch(/browsers refuse/);
  });

  it("keeps * on a public host informational", () => {
    expect(wildcardSeverity("api.example.com", false)).toBe("info");
    expect(wildcardSeverity("api.example.com", true)).toBe("low");
  });

  it("does not mistake a reflected origin for a wildcard, and stays quiet on the hardened twin and a catch-all", async () => {
    for (const url of [
      labs.vulnerable.apiUrl,
      labs.hardened.apiUrl,
      `${labs.hardened.origin}/api/v1/status`,
      labs.catchAll.url,
    ]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
