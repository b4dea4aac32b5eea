import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-secret-in-query.js";

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
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
