import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { internalKeys } from "./property-internal-fields.js";

describe("property-internal-fields", () => {
  const labs = useLab(startLabTrio);

  it("recognises internal keys and ignores empty ones", () => {
    expect(internalKeys([{ id: 1, internalNotes: "x", isDeleted: false, riskScore: 3, name: "a" }])).toEqual([
      "internalNotes",
      "riskScore",
    ]);
  });

  it("reports staff notes and fraud scores in account records, low", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1),
    });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message).join(" ")).toMatch(/internalNotes.*|fraudScore/);
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/accounts/1`, {
      identities: labIdentities(true, 1),
    });
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    expect(findingsOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toEqual([]);
  });
});
