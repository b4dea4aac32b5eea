import { describe, expect, it } from "vitest";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./injection-nosql.js";

describe("injection-nosql", () => {
  injectionSuite(check, { fires: ["/api/members"], severity: "high" });

  describe("parsers without bracket syntax", () => {
    const labs = useInjectionLabs();

    it("does not fire where name[$ne] is just an unknown parameter that drops the filter", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/tags?name=blue`);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
    });

    it("finds the operator from the URL alone, with the record counts as evidence", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/members?name=ada`);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.evidence.detail).toMatch(/plain 0, \$ne 3, unknown key 0, \$regex 3/);
      expect(finding.evidence.request).toContain("name[$ne]=");
    });
  });
});
