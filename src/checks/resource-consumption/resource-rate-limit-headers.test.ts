import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./resource-rate-limit-headers.js";

describe("resource-rate-limit-headers", () => {
  const labs = useLab(startLabTrio);

  it("reports an API that never advertises a limit, low, sending nothing", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin's RateLimit headers", async () => {
    const report = await scanWith(check, labs.hardened.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("on a catch-all host reports only the same low note (it really advertises no limit)", async () => {
    const report = await scanWith(check, labs.catchAll.url);
    expect(findingsOf(report, check.meta.id).every((f) => f.severity === "low")).toBe(true);
  });
});
