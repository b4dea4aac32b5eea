import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import {
  catalogueIdentities,
  ordersIdentities,
  startCatalogueApi,
  startNullApi,
  startOrdersApi,
} from "../../../lab/rest/twins.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { candidateIds, idSlots } from "../../detect/object-ids.js";
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
    // Id 2 is tried first (listed for the second identity) and its owner field proves whose it is.
    expect(messages.some((m) => /from 1 to 2 .*owner 2 differs from the caller's 1/.test(m))).toBe(true);
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

  it("notes anonymous enumeration, medium when the records carry personal data, naming the fields", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/users/1`);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.message).toContain("carrying email");
    const plain = await scanWith(check, `${labs.hardened.origin}/api/v1/users/1`);
    expect(findingsOf(plain, check.meta.id).map((f) => f.severity)).toEqual(["low"]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(2);
  });
});

describe("bola-object-ids on third-party shapes", () => {
  const catalogue = useLab(startCatalogueApi);
  const ownerChecked = useLab(() => startOrdersApi({ ownerChecked: true }));
  const broken = useLab(() => startOrdersApi({ ownerChecked: false }));
  const nulls = useLab(startNullApi);
  const ordersList = specOperations({ method: "GET", path: "/shop/orders", parameters: [] });
  const productsList = specOperations({ method: "GET", path: "/v2/products", parameters: [] });
  const atMostLow = (report: Awaited<ReturnType<typeof scanWith>>) =>
    findingsOf(report, check.meta.id).every((f) => f.severity === "low" && f.confidence === "tentative");

  it("a public catalogue behind a key: at most a low, tentative note with one key, nothing with two", async () => {
    const one = await scanWith(check, `${catalogue.origin}/v2/products/1`, {
      identities: catalogueIdentities(false),
      enrichers: [productsList],
    });
    expect(atMostLow(one)).toBe(true);
    expect(findingsOf(one, check.meta.id)[0]?.message).toMatch(/rescan with --auth2/);
    const two = await scanWith(check, `${catalogue.origin}/v2/products/1`, {
      identities: catalogueIdentities(true),
      enrichers: [productsList],
    });
    expect(findingsOf(two, check.meta.id)).toEqual([]);
  });

  it("an owner-checked orders API: the caller's own second order is no finding, with one or two identities", async () => {
    for (const two of [false, true]) {
      const report = await scanWith(check, `${ownerChecked.origin}/shop/orders/101`, {
        identities: ordersIdentities(two),
        enrichers: [ordersList],
      });
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expectNotCutAtCap(report, check);
    }
  });

  it("its broken twin: high and firm with one identity, because customerId differs from the token's sub", async () => {
    const report = await scanWith(check, `${broken.origin}/shop/orders/101`, {
      identities: ordersIdentities(false),
      enrichers: [ordersList],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.confidence).toBe("firm");
    expect(finding.message).toMatch(/customerId c-2002 differs from the caller's c-1001 \(token claim sub/);
    const withTwo = await scanWith(check, `${broken.origin}/shop/orders/101`, {
      identities: ordersIdentities(true),
      enrichers: [ordersList],
    });
    expect(findingsOf(withTwo, check.meta.id).some((f) => f.severity === "high" && f.confidence === "firm")).toBe(true);
  });

  it("an endpoint that answers null for every id is never another record", async () => {
    const report = await scanWith(check, `${nulls.origin}/api/things/1`, { identities: ordersIdentities(true) });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
  });
});
