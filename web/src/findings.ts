/** Pure helpers over a report's findings: filter, group by rule, sort. */
import { type Finding, SEVERITIES, type Severity, type TriageMark } from "./types";

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export interface FindingFilter {
  severity: Severity | "";
  category: string;
  rule: string;
  /** Show findings triaged as false positive or accepted risk too. */
  showTriaged: boolean;
}

export const NO_FILTER: FindingFilter = { severity: "", category: "", rule: "", showTriaged: true };

export type SortKey = "severity" | "category" | "rule" | "count";
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** One rule's instances in a report: the rows of the findings table. */
export interface FindingGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  category: string;
  instances: Finding[];
}

export function filterFindings(
  findings: readonly Finding[],
  filter: FindingFilter,
  triage: Readonly<Record<string, TriageMark>> = {},
): Finding[] {
  return findings.filter(
    (f) =>
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.category || f.category === filter.category) &&
      (!filter.rule || f.ruleId === filter.rule) &&
      (filter.showTriaged || !triage[f.fingerprint]),
  );
}

/** Groups by rule; a group's severity is its worst instance's, instances keep report order. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const group = groups.get(f.ruleId);
    if (!group) {
      groups.set(f.ruleId, {
        ruleId: f.ruleId,
        title: f.title,
        severity: f.severity,
        category: f.category,
        instances: [f],
      });
      continue;
    }
    group.instances.push(f);
    if (severityRank(f.severity) < severityRank(group.severity)) group.severity = f.severity;
  }
  return [...groups.values()];
}

function compareBy(key: SortKey, a: FindingGroup, b: FindingGroup): number {
  switch (key) {
    case "severity":
      // Ascending severity means the worst first, as people read a findings list.
      return severityRank(a.severity) - severityRank(b.severity);
    case "category":
      return a.category.localeCompare(b.category);
    case "rule":
      return a.ruleId.localeCompare(b.ruleId);
    case "count":
      return a.instances.length - b.instances.length;
  }
}

/** Sorts by `order`, then severity, then rule id, so the order is total and stable. */
export function sortGroups(groups: readonly FindingGroup[], order: SortOrder): FindingGroup[] {
  const sign = order.descending ? -1 : 1;
  return [...groups].sort(
    (a, b) => sign * compareBy(order.key, a, b) || compareBy("severity", a, b) || a.ruleId.localeCompare(b.ruleId),
  );
}

/** Distinct values for the filter selects, in a stable order. */
export function facets(findings: readonly Finding[]): { categories: string[]; rules: string[] } {
  return {
    categories: [...new Set(findings.map((f) => f.category))].sort(),
    rules: [...new Set(findings.map((f) => f.ruleId))].sort(),
  };
}
