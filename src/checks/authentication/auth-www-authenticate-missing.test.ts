import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./auth-www-authenticate-missing.js";

describe("auth-www-authenticate-missing", () => {
  const labs = useLab(startLabTrio);

  it("reports a bare 401 as low", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin's Bearer challenge and on a catch-all host", async () => {
    expect(verdictOf(await scanWith(check, `${labs.hardened.origin}/api/v1/me`), check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toBe("pass");
  });
});
