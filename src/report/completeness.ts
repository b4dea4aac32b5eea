import { untestedLabel } from "../engine/completeness.js";
import type { ScanReport } from "../engine/finding.js";

/**
 * The one sentence every format shows for an incomplete scan, so no reader takes its grade for
 * a whole verdict: "Incomplete scan: deadline of 30 s reached; 47 of 86 checks untested; graded
 * only on what was tested."
 */
export function incompleteNotice(report: Pick<ScanReport, "partial">): string | undefined {
  const partial = report.partial;
  if (!partial) return undefined;
  const share = untestedLabel(partial);
  const graded = partial.unscannable ? "nothing could be graded" : "graded only on what was tested";
  return `Incomplete scan: ${partial.reason}${share ? `; ${share}` : ""}; ${graded}.`;
}
