import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { writableProtected } from "./property-mass-assignment-surface.js";

/** What an OpenAPI layer would add for `PUT /api/v1/accounts/{id}` with a request schema. */
const accountUpdateSpec = specOperations({
  method: "PUT",
  path: "/api/v1/accounts/{id}",
  parameters: [],
  requestBody: {
    contentTypes: ["application/json"],
    required: true,
    schema: {
      type: "object",
      properties: { nickname: { type: "string" }, balance: { type: "number" }, id: { readOnly: true } },
    },
  },
});

describe("property-mass-assignment-surface", () => {
  const labs = useLab(startLabTrio);

  it("reads writable protected properties from request schemas, skipping readOnly", () => {
    expect(
      writableProtected({
        properties: { role: {}, isAdmin: { readOnly: true }, profile: { type: "object", properties: { tier: {} } } },
      }),
    ).toEqual(["profile.tier", "role"]);
  });

  it("reports a spec's writable balance as medium, sending nothing", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1),
      enrichers: [accountUpdateSpec],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.message).toContain("`balance`");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("without a spec, notes a record with balance on a URL that advertises PUT (low, tentative)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1),
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(finding.confidence).toBe("tentative");
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/accounts/1`, {
      identities: labIdentities(true, 1),
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    expect(findingsOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toEqual([]);
  });
});
