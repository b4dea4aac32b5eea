import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith } from "../../../test/harness.js";
import check from "./inventory-version-headers.js";

describe("inventory-version-headers", () => {
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
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), catchAll.close()]));

  it("reports each version-revealing header once, at low severity", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => Object.keys(f.evidence.responseHeaders ?? {})[0]).sort()).toEqual([
      "server",
      "x-powered-by",
    ]);
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(report.coverage[0].verdict).toBe("pass");
    }
  });
});
