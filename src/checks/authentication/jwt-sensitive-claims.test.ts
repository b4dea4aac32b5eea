import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./jwt-sensitive-claims.js";

describe("jwt-sensitive-claims", () => {
  const labs = useLab(startLabTrio);

  it("reports a password claim as high without printing its value", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.message).toContain("`password`");
    expect(JSON.stringify(report)).not.toContain("alice-pass");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toBe("skipped");
  });
});
