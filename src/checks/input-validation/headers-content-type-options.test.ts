import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { isJsonType } from "./headers-content-type-options.js";

describe("headers-content-type-options", () => {
  const labs = useLab(() => startLabTrio("spa"));

  it("reports JSON without nosniff once, at low severity", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
    expect(found[0].message).toMatch(/1 of 1 JSON responses/);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes the hardened twin", async () => {
    const report = await scanWith(check, labs.hardened.apiUrl);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("does not judge HTML (a catch-all SPA host): skipped", async () => {
    const report = await scanWith(check, labs.catchAll.url);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("recognises JSON media types", () => {
    expect(isJsonType("application/problem+json")).toBe(true);
    expect(isJsonType("text/html")).toBe(false);
  });
});
