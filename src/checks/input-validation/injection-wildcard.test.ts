import { describe, expect, it } from "vitest";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./injection-wildcard.js";

describe("injection-wildcard", () => {
  injectionSuite(check, { fires: ["/api/directory"], severity: "medium" });

  describe("searches", () => {
    const labs = useInjectionLabs();

    it("leaves search boxes alone (wildcards there are often a feature), and proves prefix matching where it fires", async () => {
      const search = await scanWith(check, `${labs.vulnerable.origin}/api/search?q=widget`);
      expect(verdictOf(search, check.meta.id)).toBe("skipped");
      const directory = await scanWith(check, `${labs.vulnerable.origin}/api/directory?uid=grace`);
      const [finding] = findingsOf(directory, check.meta.id);
      expect(finding.evidence.detail).toBe("random 0, * 3, random* 0, g* 1 record(s)");
    });
  });
});
