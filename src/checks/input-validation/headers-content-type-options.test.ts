import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check, { isJsonType } from "./headers-content-type-options.js";

describe("headers-content-type-options", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let spa: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, spa] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("spa"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, spa].map((s) => s.close())));

  it("reports JSON without nosniff once, at low severity", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
    expect(found[0].message).toMatch(/1 of 1 JSON responses/);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes the hardened twin", async () => {
    const report = await scanWith(check, hardened.apiUrl);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("does not judge HTML (a catch-all SPA host): skipped", async () => {
    const report = await scanWith(check, spa.url);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("recognises JSON media types", () => {
    expect(isJsonType("application/problem+json")).toBe(true);
    expect(isJsonType("text/html")).toBe(false);
  });
});
