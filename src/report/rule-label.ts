import type { Finding } from "../engine/finding.js";

/** The rule as the human formats show it: `rule/sub-rule` when the finding names a sub-rule. */
export function ruleLabel(f: Pick<Finding, "ruleId" | "subRule">): string {
  return f.subRule ? `${f.ruleId}/${f.subRule}` : f.ruleId;
}
