import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { pathVariants } from "./auth-bypass-variants.js";

describe("auth-bypass-variants", () => {
  const labs = useLab(startLabTrio);

  it("spells a path five ways, never leaving the origin", () => {
    expect(pathVariants("/api/v1/reports").map((v) => v.path)).toEqual([
      "/api/v1/reports/",
      "/api/v1/REPORTS",
      "/api/v1/reports;",
      "/api/v1/reports.json",
      "/api/v1/%72eports",
    ]);
  });

  it("finds a trailing-slash bypass, high, with and without --auth", async () => {
    for (const identities of [undefined, labIdentities(false, 1)]) {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/reports`, { identities });
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.severity).toBe("high");
      expect(finding.message).toMatch(/trailing slash/);
      expectNotCutAtCap(report, check);
    }
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/reports`);
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url);
    expect(verdictOf(caught, check.meta.id)).toBe("skipped");
    expect(requestsOf(caught, check.meta.id)).toBe(0);
  });
});
