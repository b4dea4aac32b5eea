import type { ScanReport } from "../engine/finding.js";

/** The JSON report: the contract later tools rely on. Key order is fixed by the engine. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
