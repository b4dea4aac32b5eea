import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./inventory-dangerous-methods.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

describe("inventory-dangerous-methods", () => {
  const labs = useLab(startLabTrio);

  it("reports TRACE as low and PUT/DELETE as info, without ever sending them", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    const byMethod = Object.fromEntries(found.map((f) => [f.message.split(" ")[0], f.severity]));
    expect(byMethod).toEqual({ TRACE: "low", PUT: "info", DELETE: "info" });
    expectNotCutAtCap(report, check);
    expect(labs.vulnerable.requests.every((r) => SAFE_METHODS.has(r.method))).toBe(true);
  });

  it("asks resource paths too, one finding per method listing each path", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl, {
      enrichers: [
        specOperations(
          { method: "GET", path: "/api/v1/accounts/{id}", parameters: [], sampleUrl: "/api/v1/accounts/1" },
          { method: "GET", path: "/api/v1/notes", parameters: [] },
        ),
      ],
    });
    const trace = findingsOf(report, check.meta.id).filter((f) => f.message.startsWith("TRACE"));
    expect(trace).toHaveLength(1);
    expect(trace[0].instances?.map((i) => i.path)).toEqual(["/api/v1/accounts/1", "/api/v1/notes", "/api/v1/users"]);
    expect(requestsOf(report, check.meta.id)).toBe(3);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
