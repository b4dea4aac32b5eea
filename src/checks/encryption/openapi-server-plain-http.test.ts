import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../../../lab/rest/openapi.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-server-plain-http.js";

const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });
const hardenedScan = { ...withSpec("lab-api.hardened.yaml"), headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` } };

describe("openapi-server-plain-http", () => {
  const labs = useLab(startLabTrio);

  it("reports public plain-HTTP servers (private ones belong to the internal-host check)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("servers-elsewhere.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message)).toEqual([
      "The spec lists http://api.lab.example/api/v1: requests to it travel unencrypted.",
    ]);
    expect(found[0].severity).toBe("medium");
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
