/** Every output format, each a pure function of the JSON report. Add a format here. */
import type { ScanReport } from "../engine/finding.js";
import { renderJson } from "./json.js";
import { renderSummary } from "./summary.js";

export type Renderer = (report: ScanReport) => string;

export const RENDERERS: Record<string, { render: Renderer; extension: string }> = {
  summary: { render: renderSummary, extension: "txt" },
  json: { render: renderJson, extension: "json" },
};

export function formatNames(): string[] {
  return Object.keys(RENDERERS);
}
