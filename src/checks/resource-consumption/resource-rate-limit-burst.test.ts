import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { DEFAULT_BURST } from "./resource-rate-limit-burst.js";

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
    const small = await scanWith(check, labs.vulnerable.apiUrl, { layers: { auth: { burst: 5 } } });
    expect(requestsOf(small, check.meta.id)).toBe(5);
    const none = await scanWith(check, labs.vulnerable.apiUrl, { layers: { auth: { burst: 0 } } });
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
    const report = await scanWith(check, labs.catchAll.url, { layers: { auth: { burst: 5 } } });
    const found = findingsOf(report, check.meta.id);
    expect(found.every((f) => f.severity === "low" && f.confidence === "tentative")).toBe(true);
  });
});
