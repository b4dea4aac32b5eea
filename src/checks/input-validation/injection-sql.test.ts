import { describe, expect, it } from "vitest";
import { findingsOf, requestsOf, scanWith } from "../../../test/harness.js";
import { injectionCoverageOf, injectionSuite, scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./injection-sql.js";

describe("injection-sql", () => {
  injectionSuite(check, {
    fires: ["/api/books", "/api/orders", "/api/products/{id}", "/api/search"],
    severity: "high",
  });

  describe("without a spec and against the traps", () => {
    const labs = useInjectionLabs();

    it("finds a path-segment and a search-parameter injection from the URL alone", async () => {
      const bySegment = await scanWith(check, `${labs.vulnerable.origin}/api/products/2`);
      const [segment] = findingsOf(bySegment, check.meta.id);
      expect(segment.evidence.detail).toContain("numeric");
      expect(requestsOf(bySegment, check.meta.id)).toBeLessThanOrEqual(12);
      const bySearch = await scanWith(check, `${labs.vulnerable.origin}/api/search?q=widget`);
      const [search] = findingsOf(bySearch, check.meta.id);
      // The lone quote's error names the engine.
      expect(search.message).toContain("SQLite");
      expect(requestsOf(bySearch, check.meta.id)).toBeLessThanOrEqual(12);
    });

    it("finds a blind search whose condition sits in parentheses, within 12 requests", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/catalogue?name=widget`);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.evidence.detail).toContain("inside parentheses");
      expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(12);
    });

    it("finds an XPath lookup by the same true/false pairs, without naming a SQL engine", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/books?title=Dune`);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.confidence).toBe("confirmed");
      expect(finding.message).toContain("XPath");
    });

    it("does not take a filter language's syntax error, a calculator or a changing page for SQL", async () => {
      for (const path of ["/api/inventory?where=kind%3Awidget", "/api/calc?expr=6*7", "/api/quote?topic=engineering"]) {
        const report = await scanWith(check, `${labs.vulnerable.origin}${path}`);
        expect(findingsOf(report, check.meta.id), path).toEqual([]);
      }
    });

    it("says which slots it did not probe when the budget runs out", async () => {
      const report = await scanWithSpec(check, labs.hardened, { limits: { budget: 60 } });
      const coverage = report.coverage.find((c) => c.check === check.meta.id);
      expect(coverage?.verdict).toBe("inconclusive");
      const { notProbed } = injectionCoverageOf(report, check.meta.id);
      expect(notProbed.length).toBeGreaterThan(0);
      expect(notProbed[0]).toMatch(/^GET \/api\/\S+ (query|path):\w+$/);
      expect(report.stats.requests).toBeLessThanOrEqual(60);
    });
  });
});
