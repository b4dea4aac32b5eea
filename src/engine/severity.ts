/** Severity order without zod, so the CLI's start-up path stays light. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export function severityRank(s: SeverityName): number {
  return SEVERITIES.indexOf(s);
}

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: SeverityName, threshold: SeverityName): boolean {
  return severityRank(s) <= severityRank(threshold);
}
