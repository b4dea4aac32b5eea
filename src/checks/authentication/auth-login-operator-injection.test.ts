import { describe, expect, it } from "vitest";
import { findingsOf, requestsOf, verdictOf } from "../../../test/harness.js";
import { scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./auth-login-operator-injection.js";

describe("auth-login-operator-injection", () => {
  const labs = useInjectionLabs();

  it("is off without --active", async () => {
    const report = await scanWithSpec(check, labs.vulnerable);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("logs into the scan's own throw-away account with {$ne}, confirmed by {$gt}, never naming another user", async () => {
    const before = labs.vulnerable.requests.length;
    const report = await scanWithSpec(check, labs.vulnerable, { enabled: ["active"] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expect(finding.confidence).toBe("confirmed");
    expect(finding.evidence.detail).toBe("right 200, wrong 401, $ne 200, $gt 200");
    const logins = labs.vulnerable.requests.slice(before).filter((r) => r.url === "/api/login");
    const users = new Set(logins.map((r) => JSON.parse(r.body).username));
    expect(users.size).toBe(1);
    expect([...users][0]).toMatch(/^rmp-[a-z0-9]{10}$/);
    // The throw-away password never reaches the report.
    const registered = labs.vulnerable.requests.slice(before).find((r) => r.url === "/api/users");
    expect(JSON.stringify(report)).not.toContain(JSON.parse(registered?.body ?? "{}").password);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWithSpec(check, labs.hardened, { enabled: ["active"] });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWithSpec(check, labs.catchAll, { enabled: ["active"] });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});
