import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabTrio, labIdentities, startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
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
  let labs: LabTrio;
  beforeAll(async () => {
    labs = await startLabTrio();
  });
  afterAll(() => labs.close());

  it("finds private-looking data served without credentials (medium, tentative)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/orders`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.confidence).toBe("tentative");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("is high and confirmed when a spec declares the operation secured, even without --auth", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/orders`, { enrichers: [declareSecured] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.confidence).toBe("confirmed");
    expect(requestsOf(report, check.meta.id)).toBe(0);
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
