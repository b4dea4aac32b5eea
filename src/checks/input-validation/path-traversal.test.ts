import { describe, expect, it } from "vitest";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./path-traversal.js";

describe("path-traversal", () => {
  injectionSuite(check, { fires: ["/api/docs"], severity: "high" });

  describe("evidence", () => {
    const labs = useInjectionLabs();

    it("keeps only the start of the file's first line as evidence", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/docs?file=readme.txt`);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.evidence.excerpt).toMatch(/^root:/);
      expect(finding.evidence.excerpt?.length).toBeLessThanOrEqual(40);
      expect(finding.message).toContain("/etc/group");
    });
  });
});
