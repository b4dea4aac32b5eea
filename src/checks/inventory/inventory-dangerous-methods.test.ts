import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check from "./inventory-dangerous-methods.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

describe("inventory-dangerous-methods", () => {
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

  it("reports TRACE as low and PUT/DELETE as info, without ever sending them", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    const byMethod = Object.fromEntries(found.map((f) => [f.message.split(" ")[0], f.severity]));
    expect(byMethod).toEqual({ TRACE: "low", PUT: "info", DELETE: "info" });
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
    expect(vulnerable.requests.every((r) => SAFE_METHODS.has(r.method))).toBe(true);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
