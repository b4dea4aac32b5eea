import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { diffFindings } from "../../src/cli/diff.js";
import { ScanReport } from "../../src/engine/finding.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderSarif } from "../../src/report/sarif.js";
import { FIXTURE_CATALOG, FIXTURE_FINDINGS, FIXTURE_REPORT } from "./fixture.js";
import { sarifSchemaErrors } from "./sarif-schema.js";

const paths = Array.from({ length: 30 }, (_, i) => `/api/resource${String(i + 1).padStart(2, "0")}`);
const grouped = {
  ...FIXTURE_FINDINGS[FIXTURE_FINDINGS.length - 1],
  ruleId: "auth-www-authenticate-missing",
  operation: { method: "GET", path: paths[0] },
  fingerprint: "c0ffee0000000001",
  instances: paths.slice(0, 25).map((path) => ({ method: "GET", path, evidence: `GET ${path} → 401` })),
  instanceCount: 30,
};
const report = ScanReport.parse({ ...FIXTURE_REPORT, findings: [grouped] });

describe("a finding with instances", () => {
  it("is one SARIF result with a location per instance, valid against the 2.1.0 schema", () => {
    const log = JSON.parse(renderSarif(report, FIXTURE_CATALOG)) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results ?? [];
    expect(results).toHaveLength(1);
    expect(results[0].locations).toHaveLength(25);
  });

  it("lists its operations, capped with the full count, in Markdown and HTML", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("Seen on 30 operations:");
    expect(md).toContain("`GET /api/resource25`");
    expect(md).toContain("…and 5 more");
    const html = renderHtml(report);
    expect(html).toContain("30 operations<ul>");
    expect(html).toContain("…and 5 more");
  });

  it("a new instance of a known cause is not a new finding in a diff", () => {
    const before = [{ ...grouped, instances: grouped.instances.slice(0, 3), instanceCount: 3 }];
    const diff = diffFindings(before, [grouped]);
    expect(diff.new).toEqual([]);
    expect(diff.unchanged).toHaveLength(1);
  });
});
