import { describe, expect, it } from "vitest";
import { labIdentities, startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { candidateIds, idSlots } from "./_ids.js";
import check from "./bola-object-ids.js";

/** The collection next to the item, as a spec would list it. */
const accountsCollection = specOperations({ method: "GET", path: "/api/v1/accounts", parameters: [] });

describe("bola-object-ids", () => {
  const labs = useLab(startLabTrio);

  it("finds ids in paths and id-like query parameters, and prefers ids seen in responses", () => {
    expect(idSlots("/api/v1/accounts/7?orderId=12&page=2").map((s) => s.label)).toEqual(["path:4", "query:orderId"]);
    expect(idSlots("/api/v1/accounts/7")[0].withId(8)).toBe("/api/v1/accounts/8");
    expect(candidateIds(7, [3, 100, 7], 4)).toEqual([3, 100, 8, 6]);
  });

  it("finds another user's account by the adjacent id, high, at most 10 requests per operation", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.confidence).toBe("firm");
    expect(finding.message).toMatch(/from 1 to 2/);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(10);
    expect(labs.vulnerable.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("with a second identity, finds it reading the first identity's object", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1, 2),
    });
    const keys = findingsOf(report, check.meta.id).map((f) => f.message);
    expect(keys.some((m) => /second identity read the first identity's object/.test(m))).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(10);
  });

  it("with a second identity, tries the ids listed for it first", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1, 2),
      enrichers: [accountsCollection],
    });
    const messages = findingsOf(report, check.meta.id).map((f) => f.message);
    expect(messages.some((m) => /id 2 is listed for the second identity/.test(m))).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(11);
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/accounts/1`, {
      identities: labIdentities(true, 1, 2),
      enrichers: [accountsCollection],
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
  });

  it("stays quiet on the hardened twin (ownership enforced) and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/accounts/1`, {
      identities: labIdentities(true, 1, 2),
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    for (const url of [labs.catchAll.url, `${labs.catchAll.origin}/api/items/5`]) {
      const caught = await scanWith(check, url);
      expect(findingsOf(caught, check.meta.id)).toEqual([]);
    }
  });

  it("notes public sequential objects at low severity without credentials", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/users/1`);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(2);
  });
});
