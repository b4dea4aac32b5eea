import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-undocumented-response.js";

describe("openapi-undocumented-response", () => {
  const labs = useLab(startLabTrio);

  it("reports an undocumented status and an undocumented content type", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => `${f.operation.path} ${f.evidence.status}`).sort()).toEqual([
      "/api/v1/health 200",
      "/api/v1/search 202",
    ]);
    expect(found.find((f) => f.operation.path === "/api/v1/health")?.message).toContain("text/plain");
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
