import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-unsecured-operation.js";

describe("openapi-unsecured-operation", () => {
  const labs = useLab(startLabTrio);

  it("reports public operations of a mostly secured API, but not sign-in or health ones", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => `${f.operation.method} ${f.operation.path}`).sort()).toEqual([
      "GET /api/v1/search",
      "GET /api/v1/users",
      "GET /api/v1/users/{id}",
    ]);
    expect(found.every((f) => f.severity === "medium" && f.confidence === "tentative")).toBe(true);
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
