import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedAndCatchAll, withSpec } from "../../../test/openapi-check-tests.js";
import check from "./openapi-server-internal-host.js";

describe("openapi-server-internal-host", () => {
  const labs = useLab(startLabTrio);

  it("reports staging and private-address servers, not public ones", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("servers-elsewhere.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message).sort()).toEqual([
      "The spec lists http://10.0.12.7:8080/api/v1, a loopback or private address.",
      'The spec lists https://staging.internal.example.com/api/v1, a "staging" host.',
    ]);
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedAndCatchAll(check, labs);
});
