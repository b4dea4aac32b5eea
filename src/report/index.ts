/** Every output format, each a pure function of the JSON report. Add a format here. */
import { CHECKS } from "../checks/index.js";
import type { ScanReport } from "../engine/finding.js";
import type { RenderOptions } from "./docs-links.js";

export type { RenderOptions };

import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { catalogOf, type RuleCatalog } from "./rules.js";
import { renderSarif } from "./sarif.js";
import { renderSummary } from "./summary.js";
import { renderTable } from "./table.js";

export type Renderer = (report: ScanReport, options?: RenderOptions) => string;

/** Rule metadata of the checks this build ships (SARIF rules, JUnit suites of clean checks). */
export const CHECK_CATALOG: RuleCatalog = catalogOf(CHECKS.map((c) => c.meta));

export const RENDERERS: Record<string, { render: Renderer; extension: string }> = {
  summary: { render: (r) => renderSummary(r), extension: "txt" },
  json: { render: renderJson, extension: "json" },
  sarif: { render: (r, o) => renderSarif(r, CHECK_CATALOG, o), extension: "sarif" },
  junit: { render: (r) => renderJunit(r, CHECK_CATALOG), extension: "junit.xml" },
  markdown: { render: (r, o) => renderMarkdown(r, undefined, o), extension: "md" },
  html: { render: (r, o) => renderHtml(r, o), extension: "html" },
  table: { render: renderTable, extension: "table.txt" },
};

export function formatNames(): string[] {
  return Object.keys(RENDERERS);
}
