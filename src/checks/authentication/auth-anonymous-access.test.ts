import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { ordersIdentities, startOrdersApi } from "../../../lab/rest/twins.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import type { TargetEnricher } from "../../engine/scan.js";
import check from "./auth-anonymous-access.js";

/** What an OpenAPI layer would do for an operation with `security: [{bearer: []}]`. */
const declareSecured: TargetEnricher = {
  name: "test-spec",
  maxRequests: 0,
  async enrich({ target }) {
    for (const op of target.operations) op.security = [["bearer"]];
  },
};

describe("auth-anonymous-access", () => {
  const labs = useLab(startLabTrio);

  it("finds private data served the same without credentials (medium)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/orders`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.confidence).toBe("firm");
    expectNotCutAtCap(report, check);
  });

  it("leaves operations a spec declares secured to openapi-auth-not-enforced, and skips without --auth", async () => {
    const secured = await scanWith(check, `${labs.vulnerable.origin}/api/v1/orders`, {
      identities: labIdentities(false, 1),
      enrichers: [declareSecured],
    });
    expect(findingsOf(secured, check.meta.id)).toEqual([]);
    const anonymous = await scanWith(check, `${labs.vulnerable.origin}/api/v1/orders`);
    expect(verdictOf(anonymous, check.meta.id)).toBe("skipped");
    expect(requestsOf(anonymous, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin, on public data and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/orders`, {
      identities: labIdentities(true, 1),
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const publicList = await scanWith(check, labs.vulnerable.apiUrl, { identities: labIdentities(false, 1) });
    expect(findingsOf(publicList, check.meta.id)).toEqual([]);
    const caught = await scanWith(check, labs.catchAll.url, { identities: labIdentities(false, 1) });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});

describe("auth-anonymous-access on routes not named private", () => {
  const broken = useLab(() => startOrdersApi({ ownerChecked: false }));
  const checked = useLab(() => startOrdersApi({ ownerChecked: true }));
  const shop = specOperations(
    { method: "GET", path: "/shop/orders", parameters: [] },
    { method: "GET", path: "/shop/receipts", parameters: [] },
  );

  it("a listing whose records carry owner fields, served alike without credentials, is missing authentication", async () => {
    const report = await scanWith(check, `${broken.origin}/shop/orders`, {
      identities: ordersIdentities(false),
      enrichers: [shop],
    });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.operation.path, f.confidence])).toEqual([["/shop/receipts", "firm"]]);
    const fine = await scanWith(check, `${checked.origin}/shop/orders`, {
      identities: ordersIdentities(false),
      enrichers: [shop],
    });
    expect(findingsOf(fine, check.meta.id)).toEqual([]);
    expectNotCutAtCap(fine, check);
  });
});
