import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startLimiterApi } from "../../../lab/rest/twins.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { burstOption, DEFAULT_BURST } from "./resource-rate-limit-burst.js";

describe("resource-rate-limit-burst on limiters that announce 100", () => {
  const enforced = useLab(() => startLimiterApi("enforced"));
  const announcedOnly = useLab(() => startLimiterApi("announced-only"));
  const never2xx = useLab(() => startLimiterApi("never-2xx"));

  it("a limit of 100 that counts down is a working limiter: pass, with the figures in coverage", async () => {
    const report = await scanWith(check, `${enforced.origin}/api/status`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    const entry = report.coverage.find((c) => c.check === check.meta.id)!;
    expect(entry.verdict).toBe("pass");
    expect(entry.reason).toMatch(/limit 100 counts down \(remaining \d+ to \d+ over 30 requests/);
  });

  it("a counter that never moves is an announced limit not enforced: low, tentative", async () => {
    const [finding] = findingsOf(await scanWith(check, `${announcedOnly.origin}/api/status`), check.meta.id);
    expect(finding.severity).toBe("low");
    expect(finding.confidence).toBe("tentative");
    expect(finding.message).toMatch(/limit of 100 .*stayed at 100/);
  });

  it("never bursts a route that has not answered 2xx: inconclusive, one request in all", async () => {
    const report = await scanWith(check, `${never2xx.origin}/api/status`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("inconclusive");
    expect(requestsOf(report, check.meta.id)).toBe(0);
    expect(never2xx.requests.length).toBe(1);
  });
});

describe("resource-rate-limit-burst", () => {
  const labs = useLab(startLabTrio);

  it("finds no throttling under a burst of 30, medium, exactly 30 requests", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(requestsOf(report, check.meta.id)).toBe(DEFAULT_BURST);
    expect(labs.vulnerable.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("honours the configured size and --no-burst", async () => {
    const small = await scanWith(check, labs.vulnerable.apiUrl, { layers: burstOption.entry({ size: 5 }) });
    expect(requestsOf(small, check.meta.id)).toBe(5);
    const none = await scanWith(check, labs.vulnerable.apiUrl, { layers: burstOption.entry({ size: 0 }) });
    expect(verdictOf(none, check.meta.id)).toBe("skipped");
    expect(requestsOf(none, check.meta.id)).toBe(0);
  });

  it("sees the hardened twin's 429s without retrying them", async () => {
    const report = await scanWith(check, labs.hardened.apiUrl);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    expect(requestsOf(report, check.meta.id)).toBe(DEFAULT_BURST);
  });

  it("on a catch-all host reports at most a low, tentative note (a fallback host, not an API to judge)", async () => {
    const report = await scanWith(check, labs.catchAll.url, { layers: burstOption.entry({ size: 5 }) });
    const found = findingsOf(report, check.meta.id);
    expect(found.every((f) => f.severity === "low" && f.confidence === "tentative")).toBe(true);
  });
});
