import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { pathShowsVersion } from "./inventory-no-versioning.js";

describe("inventory-no-versioning", () => {
  const labs = useLab(startLabTrio);

  it("notes the vulnerable API's unversioned legacy alias as info", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/users`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.operation.path])).toEqual([["info", "/api/users"]]);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes a versioned API (the hardened twin and the vulnerable /api/v1)", async () => {
    for (const url of [labs.hardened.apiUrl, labs.vulnerable.apiUrl]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });

  it("skips a bare host (catch-all root): no API path to judge", async () => {
    const report = await scanWith(check, labs.catchAll.url);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("tells version segments from ids", () => {
    expect(pathShowsVersion("/api/v2.1/users")).toBe(true);
    expect(pathShowsVersion("/api/3/users")).toBe(true);
    expect(pathShowsVersion("/2024-01-01/charges")).toBe(true);
    expect(pathShowsVersion("/users?api-version=2")).toBe(true);
    expect(pathShowsVersion("/users/1")).toBe(false);
    expect(pathShowsVersion("/vendors/video")).toBe(false);
  });
});
