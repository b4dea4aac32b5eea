import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./jwt-expired-accepted.js";

const HOUR_AGO = () => Math.floor(Date.now() / 1000) - 3600;

describe("jwt-expired-accepted", () => {
  const labs = useLab(startLabTrio);

  it("finds the user's own expired token accepted, high", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1, undefined, { exp: HOUR_AGO() }),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.message).toMatch(/expired 60 minutes ago/);
    expectNotCutAtCap(report, check);
  });

  it("mints an expired copy with a cracked weak secret and finds it accepted", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 2),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.message).toMatch(/re-signed with the cracked secret/);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, {
      identities: labIdentities(true, 1, undefined, { exp: HOUR_AGO() }),
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const strong = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(verdictOf(strong, check.meta.id)).toBe("skipped");
    const caught = await scanWith(check, labs.catchAll.url, { identities: labIdentities(false, 1) });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});
