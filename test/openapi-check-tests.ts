/** Shared pieces of the OpenAPI check tests: scan options with a lab spec, and the two quiet cases they all have. */
import { expect, it } from "vitest";
import type { LabTrio } from "../lab/rest/index.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../lab/rest/openapi.js";
import type { Check } from "../src/engine/check.js";
import { openapiEnricher } from "../src/openapi/enricher.js";
import { findingsOf, scanWith, verdictOf } from "./harness.js";

/** Scan options that load one of the lab's spec files. */
export const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });
/** The hardened twin's spec, scanned with the lab's bearer token. */
export const hardenedScan = {
  ...withSpec("lab-api.hardened.yaml"),
  headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` },
};

/** Nothing on the hardened twin with its spec (verdict `hardenedVerdict`), skipped on a catch-all host without a spec. */
export function itStaysQuietOnHardenedAndCatchAll(check: Check, labs: LabTrio, hardenedVerdict = "pass"): void {
  it("stays quiet on the hardened twin with its spec", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/`, hardenedScan);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe(hardenedVerdict);
  });

  it("is skipped on a catch-all host, where no spec is found", async () => {
    const report = await scanWith(check, `${labs.catchAll.origin}/`, { enrichers: [openapiEnricher()] });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });
}
