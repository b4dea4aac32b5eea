import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./bfla-privilege-fields.js";

describe("bfla-privilege-fields", () => {
  const labs = useLab(startLabTrio);

  it("notes role and permission fields as info", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/admin/users`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("`isAdmin`");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet where the hardened twin refuses, and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/admin/users`, {
      identities: labIdentities(true, 1),
    });
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    expect(findingsOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toEqual([]);
  });
});
