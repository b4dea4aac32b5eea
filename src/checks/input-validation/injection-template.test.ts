import { describe, expect, it } from "vitest";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./injection-template.js";

describe("injection-template", () => {
  injectionSuite(check, { fires: ["/api/greeting"], severity: "high" });

  describe("calculators", () => {
    const labs = useInjectionLabs();

    it("does not take a calculator that evaluates a*b for a template engine, and the product is never sent", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/calc?expr=6*7`);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      const greeting = await scanWith(check, `${labs.vulnerable.origin}/api/greeting?name=sam`);
      const [finding] = findingsOf(greeting, check.meta.id);
      const product = /got rmp[a-z]{4}(\d+)/.exec(finding.evidence.detail ?? "")?.[1] ?? "";
      expect(product.length).toBeGreaterThan(5);
      expect(labs.vulnerable.requests.some((r) => decodeURIComponent(r.url).includes(product))).toBe(false);
    });
  });
});
