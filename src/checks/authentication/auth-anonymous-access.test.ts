import { describe, expect, it } from "vitest";
import { labIdentities, startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
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
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
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
