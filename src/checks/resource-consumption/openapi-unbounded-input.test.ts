import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-unbounded-input.js";

describe("openapi-unbounded-input", () => {
  const labs = useLab(startLabTrio);

  it("reports operations whose inputs have no size limits", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    const search = found.find((f) => f.operation.path === "/api/v1/search");
    expect(search?.message).toContain("query.q (no maxLength)");
    expect(search?.message).toContain("query.tags (no maxItems)");
    expect(found.find((f) => f.operation.path === "/api/v1/users")?.message).toContain("query.limit (no maximum)");
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
