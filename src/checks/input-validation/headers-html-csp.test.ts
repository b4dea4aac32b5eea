import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { cspGap } from "./headers-html-csp.js";

describe("headers-html-csp", () => {
  const labs = useLab(startLabTrio);

  it("reports the vulnerable API's HTML root without CSP as low", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    expect(findingsOf(report, check.meta.id).map((f) => [f.severity, f.operation.path])).toEqual([["low", "/"]]);
    expectNotCutAtCap(report, check);
  });

  it("does not spend a request when a baseline is already HTML", async () => {
    const report = await scanWith(check, labs.vulnerable.url);
    expect(findingsOf(report, check.meta.id)).toHaveLength(1);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes the hardened twin and skips a JSON catch-all host", async () => {
    const hardenedReport = await scanWith(check, labs.hardened.apiUrl);
    expect(findingsOf(hardenedReport, check.meta.id)).toEqual([]);
    expect(verdictOf(hardenedReport, check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toBe("skipped");
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
