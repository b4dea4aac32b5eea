import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./jwt-signature-not-verified.js";

describe("jwt-signature-not-verified", () => {
  const labs = useLab(startLabTrio);

  it("finds the decode-only route, critical, and not the route that verifies", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/profile`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expectNotCutAtCap(report, check);
    const verifying = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1),
    });
    expect(findingsOf(verifying, check.meta.id)).toEqual([]);
    expect(verdictOf(verifying, check.meta.id)).toBe("pass");
  });

  it("replays on several protected GETs: the decode-only route is found when a verifying one comes first", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1),
      enrichers: [specOperations({ method: "GET", path: "/api/v1/profile", parameters: [] })],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.message).toContain("/api/v1/profile");
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/profile`, {
      identities: labIdentities(true, 1),
    });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url, { identities: labIdentities(false, 1) });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});
