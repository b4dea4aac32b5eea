/**
 * What the renderers know about a rule beyond the findings themselves: the check metadata
 * (`rampart checks`). Passed in explicitly so every renderer stays a pure function of its
 * inputs and golden tests do not move when a check's wording changes.
 */
import type { Category, Confidence, Finding, ScanReport, Severity } from "../engine/finding.js";
import { suppressionsOf } from "./extensions.js";

export interface RuleInfo {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  owasp: string[];
  cwe: string[];
  description?: string;
  remediation: string;
  references: string[];
}

/** Rule metadata by id: the check registry in the CLI, a fixed list in golden tests. */
export type RuleCatalog = ReadonlyMap<string, RuleInfo>;

export function catalogOf(metas: readonly RuleInfo[]): RuleCatalog {
  return new Map(metas.map((m) => [m.id, m]));
}

function ruleFromFinding(f: Finding): RuleInfo {
  return {
    id: f.ruleId,
    title: f.title,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    owasp: f.owasp,
    cwe: f.cwe,
    remediation: f.remediation,
    references: [],
  };
}

/**
 * Every rule the report mentions (findings, suppressed ones, then checks that ran clean), sorted by id.
 * Rules missing from the catalog (a report from another version) are described by their first finding.
 */
export function rulesOf(report: ScanReport, catalog: RuleCatalog): RuleInfo[] {
  const rules = new Map<string, RuleInfo>();
  for (const f of [...report.findings, ...suppressionsOf(report).map((s) => s.finding)])
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, catalog.get(f.ruleId) ?? ruleFromFinding(f));
  for (const c of report.coverage) {
    const known = catalog.get(c.check);
    if (known && !rules.has(c.check)) rules.set(c.check, known);
  }
  return [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Findings grouped by severity, in the report's own order (most severe first). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
