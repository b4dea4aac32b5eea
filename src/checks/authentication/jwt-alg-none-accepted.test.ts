import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./jwt-alg-none-accepted.js";

describe("jwt-alg-none-accepted", () => {
  const labs = useLab(startLabTrio);

  it("finds the user's token accepted unsigned, critical, with GETs only", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expect(finding.message).toMatch(/alg "none"/);
    expectNotCutAtCap(report, check);
    const unsigned = labs.vulnerable.requests.filter((r) => /\.$/.test(String(r.headers.authorization ?? "")));
    expect(unsigned.length).toBeGreaterThan(0);
    expect(labs.vulnerable.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url, { identities: labIdentities(false, 1) });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
    expect(verdictOf(caught, check.meta.id)).toBe("inconclusive");
  });

  it("skips when no JWT was seen", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });
});
