import { describe, expect, it } from "vitest";
import { labIdentities, WEAK_JWT_SECRET } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { ordersIdentities, startOrdersApi } from "../../../lab/rest/twins.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./jwt-weak-secret.js";

describe("jwt-weak-secret", () => {
  const labs = useLab(startLabTrio);

  it("cracks the vulnerable lab's HS256 secret offline and confirms it with a forged token read back, never printing either", async () => {
    const identities = labIdentities(false, 1);
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, { identities });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expect(finding.confidence).toBe("confirmed");
    expect(finding.message).toMatch(/common secret \(se… \(9 characters\)/);
    expect(finding.message).toMatch(
      /re-signed with it, with a claim of ours added, was accepted on \/api\/v1\/me \(200; without a token: 401\)/,
    );
    expect(requestsOf(report, check.meta.id)).toBeGreaterThan(0);
    // The forged token went out with the extra claim; the lab saw it and nothing else new.
    const forged = labs.vulnerable.requests
      .map((r) => r.headers.authorization?.slice(7))
      .filter((t): t is string => typeof t === "string" && t.split(".").length === 3)
      .map((t) => JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString()) as Record<string, unknown>)
      .filter((claims) => typeof claims.rmp === "string");
    expect(forged.length).toBeGreaterThan(0);
    const text = JSON.stringify(report);
    expect(text).not.toContain(WEAK_JWT_SECRET);
    expect(text).not.toContain(identities.primary.headers.authorization.slice(7));
  });

  it("also cracks tokens the API hands out in a response body and a cookie", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/session/guest`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message.split(":")[0]).sort()).toEqual([
      "A token set as cookie guest_token by /api/v1/session/guest",
    ]);
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/session/guest`);
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
  });

  it("stays quiet on the hardened twin's strong secret and on a catch-all host", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url);
    expect(verdictOf(caught, check.meta.id)).toBe("skipped");
  });
});

describe("jwt-weak-secret with a secret the target exposes", () => {
  const broken = useLab(() => startOrdersApi({ ownerChecked: false }));
  const checked = useLab(() => startOrdersApi({ ownerChecked: true }));
  const settings = specOperations({ method: "GET", path: "/shop/settings", parameters: [] });

  it("tries values seen during the scan: a strong secret exposed in a settings answer signs the tokens", async () => {
    const identities = ordersIdentities(false);
    const report = await scanWith(check, `${broken.origin}/shop/orders`, { identities, enrichers: [settings] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expect(finding.message).toMatch(/secret the target itself exposed/);
    const quiet = await scanWith(check, `${checked.origin}/shop/orders`, { identities, enrichers: [settings] });
    expect(findingsOf(quiet, check.meta.id)).toEqual([]);
  });
});
