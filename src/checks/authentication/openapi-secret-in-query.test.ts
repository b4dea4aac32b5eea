import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../../../lab/rest/openapi.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-secret-in-query.js";

const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });
const hardenedScan = { ...withSpec("lab-api.hardened.yaml"), headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` } };

describe("openapi-secret-in-query", () => {
  const labs = useLab(startLabTrio);

  it("reports credential-like query parameters and query API-key schemes", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message)).toEqual([
      'GET /api/v1/search takes the credential-like parameter "api_key" in the query string.',
    ]);
    expect(found[0].severity).toBe("medium");
    const swagger = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.swagger20.json"));
    expect(findingsOf(swagger, check.meta.id).map((f) => f.message)).toEqual([
      'Security scheme apiKeyQuery sends its API key as the query parameter "api_key".',
    ]);
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
