import { describe, expect, it } from "vitest";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./xss-reflected.js";

describe("xss-reflected", () => {
  injectionSuite(check, { fires: ["/api/banner"], severity: "medium" });

  describe("JSON", () => {
    const labs = useInjectionLabs();

    it("does not call a tag reflected inside JSON with nosniff XSS", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/lookup?term=widget`);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      const echoed = labs.vulnerable.requests.find((r) => r.url.includes("/api/lookup") && r.url.includes("%3Crmp"));
      expect(echoed).toBeDefined();
    });
  });
});
