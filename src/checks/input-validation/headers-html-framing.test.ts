import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import headersHtmlCsp from "./headers-html-csp.js";
import check, { framingGap } from "./headers-html-framing.js";

describe("headers-html-framing", () => {
  const labs = useLab(startLabTrio);

  it("reports the vulnerable API's HTML root as low, found with one request", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.operation.path])).toEqual([["low", "/"]]);
    expect(requestsOf(report, check.meta.id)).toBe(1);
    expectNotCutAtCap(report, check);
  });

  it("shares the root request with headers-html-csp in the same scan", async () => {
    const report = await scanWith([headersHtmlCsp, check], labs.vulnerable.apiUrl);
    expect(findingsOf(report, check.meta.id)).toHaveLength(1);
    expect(requestsOf(report, check.meta.id) + requestsOf(report, headersHtmlCsp.meta.id)).toBe(1);
  });

  it("passes the hardened twin, and never judges JSON (catch-all JSON host is skipped)", async () => {
    const hardenedReport = await scanWith(check, labs.hardened.apiUrl);
    expect(findingsOf(hardenedReport, check.meta.id)).toEqual([]);
    expect(verdictOf(hardenedReport, check.meta.id)).toBe("pass");
    const catchAllReport = await scanWith(check, labs.catchAll.url);
    expect(findingsOf(catchAllReport, check.meta.id)).toEqual([]);
    expect(verdictOf(catchAllReport, check.meta.id)).toBe("skipped");
  });

  it("accepts CSP frame-ancestors or a valid X-Frame-Options", () => {
    expect(framingGap({ "content-security-policy": "frame-ancestors 'self'" })).toBeUndefined();
    expect(framingGap({ "x-frame-options": "SAMEORIGIN" })).toBeUndefined();
    expect(framingGap({ "content-security-policy": "frame-ancestors *" })).toMatch(/allows \*/);
    expect(framingGap({ "x-frame-options": "ALLOW-FROM https://a.example" })).toMatch(/ignore/);
  });
});
