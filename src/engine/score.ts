import { CATEGORIES, type Category, type Confidence, type Finding, type Grade, type Severity } from "./finding.js";

/** Published in docs/scoring.md; change both together (a test reproduces the doc's worked examples). */
export const SEVERITY_PENALTY: Record<Severity, number> = { critical: 40, high: 20, medium: 8, low: 3, info: 0 };
export const CONFIDENCE_FACTOR: Record<Confidence, number> = { confirmed: 1, firm: 0.8, tentative: 0.5 };
export const GRADE_FLOORS: [Grade, number][] = [
  ["A", 90],
  ["B", 80],
  ["C", 70],
  ["D", 60],
  ["F", 0],
];

export function findingPenalty(f: Pick<Finding, "severity" | "confidence">): number {
  return SEVERITY_PENALTY[f.severity] * CONFIDENCE_FACTOR[f.confidence];
}

/**
 * Total penalty of a set of findings. Repeats of one rule weigh 1, 1/2, 1/4, ... (largest first),
 * so one weakness across fifty operations does not count fifty times, yet every added finding
 * still adds a non-negative amount.
 */
export function totalPenalty(findings: readonly Pick<Finding, "ruleId" | "severity" | "confidence">[]): number {
  const byRule = new Map<string, number[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(findingPenalty(f));
    byRule.set(f.ruleId, list);
  }
  let total = 0;
  for (const penalties of byRule.values()) {
    penalties.sort((a, b) => b - a);
    penalties.forEach((p, i) => {
      total += p / 2 ** i;
    });
  }
  return total;
}

export function scoreOf(findings: readonly Pick<Finding, "ruleId" | "severity" | "confidence">[]): number {
  return Math.max(0, Math.round(100 - totalPenalty(findings)));
}

export function gradeOfScore(score: number): Grade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)![0];
}

const GRADE_ORDER: Grade[] = ["A", "B", "C", "D", "F"];

/** The worst grade the findings allow, whatever the score: severe, well-evidenced findings cap it. */
export function gradeCap(
  findings: readonly Pick<Finding, "severity" | "confidence">[],
): { grade: Grade; reason: string } | undefined {
  if (findings.some((f) => f.severity === "critical" && f.confidence === "confirmed"))
    return { grade: "F", reason: "a confirmed critical finding" };
  if (findings.some((f) => f.severity === "critical")) return { grade: "D", reason: "a critical finding" };
  if (findings.some((f) => f.severity === "high" && f.confidence !== "tentative"))
    return { grade: "C", reason: "a high finding" };
  return undefined;
}

export interface ScoreResult {
  score: number;
  grade: Grade;
  gradeCap?: { grade: Grade; reason: string };
  categories: Record<Category, { score: number | null; tested: boolean }>;
}

/** The grade of a scan that tested nothing (docs/scoring.md rule 8): never an A by default. */
export const NOTHING_TESTED = { score: 0, grade: "F", reason: "nothing could be tested" } as const;

export function scoreReport(findings: readonly Finding[], testedCategories: ReadonlySet<Category>): ScoreResult {
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const tested = testedCategories.has(c);
      return [c, { score: tested ? scoreOf(findings.filter((f) => f.category === c)) : null, tested }];
    }),
  ) as ScoreResult["categories"];
  if (testedCategories.size === 0)
    return {
      score: NOTHING_TESTED.score,
      grade: NOTHING_TESTED.grade,
      gradeCap: { grade: NOTHING_TESTED.grade, reason: NOTHING_TESTED.reason },
      categories,
    };
  const score = scoreOf(findings);
  const cap = gradeCap(findings);
  const byScore = gradeOfScore(score);
  const grade = cap && GRADE_ORDER.indexOf(cap.grade) > GRADE_ORDER.indexOf(byScore) ? cap.grade : byScore;
  return { score, grade, gradeCap: grade === byScore ? undefined : cap, categories };
}
