import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll } from "../../../test/openapi-check-tests.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-spec-exposed.js";

describe("openapi-spec-exposed", () => {
  const labs = useLab(startLabTrio);

  it("reports the spec the target serves without credentials", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, { enrichers: [openapiEnricher()] });
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].operation).toEqual({ method: "GET", path: "/openapi.json" });
    expect(found[0].severity).toBe("low");
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs, "skipped");
});
