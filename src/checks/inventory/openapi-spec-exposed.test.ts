import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../../../lab/rest/openapi.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-spec-exposed.js";

const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });
const hardenedScan = { ...withSpec("lab-api.hardened.yaml"), headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` } };

describe("openapi-spec-exposed", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), catchAll.close()]));

  it("reports the spec the target serves without credentials", async () => {
    const report = await scanWith(check, `${vulnerable.origin}/`, { enrichers: [openapiEnricher()] });
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].operation).toEqual({ method: "GET", path: "/openapi.json" });
    expect(found[0].severity).toBe("low");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("stays quiet on the hardened twin with its spec", async () => {
    const report = await scanWith(check, `${hardened.origin}/`, hardenedScan);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("is skipped on a catch-all host, where no spec is found", async () => {
    const report = await scanWith(check, `${catchAll.origin}/`, { enrichers: [openapiEnricher()] });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });
});
