import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-schema-drift.js";

describe("openapi-schema-drift", () => {
  const labs = useLab(startLabTrio);

  it("reports type drift and undeclared properties, medium when data is exposed", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    const order = found.find((f) => f.operation.path === "/api/v1/orders/{orderId}");
    expect(order?.message).toContain('undeclared property "internalNote"');
    expect(order?.message).toContain("/total must be number");
    expect(order?.severity).toBe("medium");
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
