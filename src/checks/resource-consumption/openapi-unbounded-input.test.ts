import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../../../lab/rest/openapi.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-unbounded-input.js";

const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });
const hardenedScan = { ...withSpec("lab-api.hardened.yaml"), headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` } };

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

  it("stays quiet on the hardened twin with its spec", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/`, hardenedScan);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("is skipped on a catch-all host, where no spec is found", async () => {
    const report = await scanWith(check, `${labs.catchAll.origin}/`, { enrichers: [openapiEnricher()] });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });
});
