import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-server-plain-http.js";

describe("openapi-server-plain-http", () => {
  const labs = useLab(startLabTrio);

  it("reports public plain-HTTP servers (private ones belong to the internal-host check)", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("servers-elsewhere.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message)).toEqual([
      "The spec lists http://api.lab.example/api/v1: requests to it travel unencrypted.",
    ]);
    expect(found[0].severity).toBe("medium");
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
