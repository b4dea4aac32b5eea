import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATEGORIES, CONFIDENCES, type Finding, SEVERITIES } from "../../src/engine/finding.js";
import { gradeOfScore, scoreOf, scoreReport } from "../../src/engine/score.js";

type Scored = Pick<Finding, "ruleId" | "severity" | "confidence" | "category">;

const finding: fc.Arbitrary<Scored> = fc.record({
  ruleId: fc.constantFrom("a", "b", "c", "d"),
  severity: fc.constantFrom(...SEVERITIES),
  confidence: fc.constantFrom(...CONFIDENCES),
  category: fc.constantFrom(...CATEGORIES),
});

const asFindings = (list: Scored[]) => list as Finding[];

describe("scoring", () => {
  it("never raises the score when a finding is added", () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 30 }), finding, (list, extra) => {
        expect(scoreOf([...list, extra])).toBeLessThanOrEqual(scoreOf(list));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same score for the same findings in any order", () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 30 }), (list) => {
        expect(scoreOf([...list].reverse())).toBe(scoreOf(list));
        expect(scoreReport(asFindings(list), new Set(CATEGORIES))).toEqual(
          scoreReport(asFindings([...list].reverse()), new Set(CATEGORIES)),
        );
      }),
    );
  });

  it("never grades better than the caps allow", () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 10 }), (list) => {
        const { grade } = scoreReport(asFindings(list), new Set());
        if (list.some((f) => f.severity === "critical" && f.confidence === "confirmed")) expect(grade).toBe("F");
        if (list.some((f) => f.severity === "high" && f.confidence !== "tentative"))
          expect(["C", "D", "F"]).toContain(grade);
      }),
    );
  });

  it("lists untested categories as untested, never as clean", () => {
    const result = scoreReport([], new Set(["encryption"]));
    expect(result.categories.encryption).toEqual({ score: 100, tested: true });
    expect(result.categories.bola).toEqual({ score: null, tested: false });
  });

  it("reproduces every worked example in docs/scoring.md exactly", () => {
    const doc = readFileSync(new URL("../../docs/scoring.md", import.meta.url), "utf8");
    const blocks = [...doc.matchAll(/```json score-example\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const ex of blocks) {
      const findings = ex.findings.map((f: Scored) => ({ ...f, category: "inventory" }));
      const result = scoreReport(findings, new Set(["inventory"]));
      expect({ score: result.score, grade: result.grade }).toEqual({ score: ex.score, grade: ex.grade });
    }
  });

  it("maps scores to grades at the published floors", () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(gradeOfScore)).toEqual([
      "A",
      "A",
      "B",
      "B",
      "C",
      "C",
      "D",
      "D",
      "F",
      "F",
    ]);
  });
});
