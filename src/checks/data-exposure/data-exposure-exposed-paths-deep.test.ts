import { describe, expect, it } from "vitest";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./data-exposure-exposed-paths-deep.js";

const deepOn = { enabled: ["exposure-deep"] };

describe("data-exposure-exposed-paths-deep", () => {
  const labs = useLab(() => startLabTrio("spa"));

  it("is skipped unless --exposure-deep is given", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("finds a deep-tier .env variant (critical, key masked) and a directory listing, within its cap", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl, deepOn);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.operation.path, f.severity]).sort()).toEqual([
      ["/.env.staging", "critical"],
      ["/backup/", "medium"],
    ]);
    expect(JSON.stringify(report)).not.toContain(plantedSecrets().together);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and on an SPA catch-all host", async () => {
    for (const url of [labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url, deepOn);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
      expectNotCutAtCap(report, check);
    }
  });
});
