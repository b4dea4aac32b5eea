import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-unbounded-input.js";

describe("openapi-unbounded-input", () => {
  const labs = useLab(startLabTrio);

  it("reports one finding for the cause, with every operation whose inputs have no size limits as an instance", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    const [finding] = found;
    const at = (path: string) => finding.instances?.find((i) => i.path === path)?.evidence;
    expect(at("/api/v1/search")).toContain("query.q (no maxLength)");
    expect(at("/api/v1/search")).toContain("query.tags (no maxItems)");
    expect(at("/api/v1/users")).toContain("query.limit (no maximum)");
    expect(finding.instanceCount).toBeGreaterThan(1);
    expect(finding.message).toMatch(/seen on \d+ operations/);
    expect(finding.severity).toBe("low");
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
