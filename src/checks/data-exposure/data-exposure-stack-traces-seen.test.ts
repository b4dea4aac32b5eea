import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startShapesApi } from "../../../lab/rest/twins.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./data-exposure-stack-traces-seen.js";

describe("data-exposure-stack-traces-seen", () => {
  const shapes = useLab(startShapesApi);
  const labs = useLab(startLabTrio);

  it("finds a Node.js trace in a JSON `stack` field of an ordinary answer, one finding for the cause", async () => {
    const report = await scanWith(check, `${shapes.origin}/api/broken`, {});
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe("medium");
    expect(found[0].message).toMatch(/Express\/Node\.js stack trace returned \(HTTP 500\) to GET \/api\/broken/);
    expect(report.coverage.find((c) => c.check === check.meta.id)?.requests).toBe(0);
  });

  it("stays quiet on the hardened twin, on plain JSON errors and on a catch-all host", async () => {
    for (const url of [labs.hardened.apiUrl, `${shapes.origin}/api/members`, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
