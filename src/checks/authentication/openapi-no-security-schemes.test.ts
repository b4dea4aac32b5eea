import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-no-security-schemes.js";

describe("openapi-no-security-schemes", () => {
  const labs = useLab(startLabTrio);

  it("reports a spec without any security scheme once", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("servers-elsewhere.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe("medium");
    expect(found[0].operation).toEqual({ method: "GET", path: "/api/v1" });
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
