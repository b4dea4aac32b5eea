import { describe, expect, it } from "vitest";
import { findingsOf, requestsOf, verdictOf } from "../../../test/harness.js";
import { scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./auth-account-enumeration.js";

describe("auth-account-enumeration", () => {
  const labs = useInjectionLabs();

  it("is off without --active", async () => {
    const report = await scanWithSpec(check, labs.vulnerable);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("tells the scan's own account from a random user by the login's answers, twice", async () => {
    const report = await scanWithSpec(check, labs.vulnerable, { enabled: ["active"] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.message).toContain("wrong password");
    expect(finding.message).toContain("no such user");
    expect(requestsOf(report, check.meta.id)).toBe(5);
  });

  it("stays quiet where every failed login gets the same answer, and on a catch-all host", async () => {
    const hardened = await scanWithSpec(check, labs.hardened, { enabled: ["active"] });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWithSpec(check, labs.catchAll, { enabled: ["active"] });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});
