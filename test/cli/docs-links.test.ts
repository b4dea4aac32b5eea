/** From a finding to its docs: every rule id has its section, and every format links to it. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { CHECKS } from "../../src/checks/index.js";
import { rampart, tempDir } from "../report/cli.js";

const DOCS = path.resolve(import.meta.dirname, "../../docs");

describe("rule docs links", () => {
  let api: RestApi;
  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
  });
  afterAll(() => api.close());

  it("docs/checks.md has a section for every rule id, and the topic pages link only to real ones", () => {
    const checks = readFileSync(path.join(DOCS, "checks.md"), "utf8");
    for (const c of CHECKS) expect(checks, c.meta.id).toContain(`\n### ${c.meta.id}\n`);
    const ids = new Set(CHECKS.map((c) => c.meta.id));
    for (const topic of ["transport-tls", "headers", "cors", "cookies", "graphql", "rate-limits"]) {
      const text = readFileSync(path.join(DOCS, "topics", `${topic}.md`), "utf8");
      const linked = [...text.matchAll(/\(\.\.\/checks\.md#([a-z0-9-]+)\)/g)].map((m) => m[1]);
      expect(linked.length, topic).toBeGreaterThan(0);
      for (const id of linked) expect(ids.has(id), `${topic} links ${id}`).toBe(true);
    }
  });

  it("links every finding's rule from HTML, Markdown and SARIF to <docs-url>#<ruleId>", async () => {
    const dir = tempDir();
    const base = "https://docs.example.test/rampart/checks.md";
    const run = await rampart(
      "scan",
      api.apiUrl,
      "--only",
      "inventory,input-validation",
      "--fail-on",
      "none",
      "--format",
      "json,html,markdown,sarif",
      "--output-dir",
      dir,
      "--docs-url",
      base,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8")) as {
      findings: { ruleId: string }[];
    };
    expect(report.findings.length).toBeGreaterThan(0);
    const html = readFileSync(path.join(dir, "rampart.html"), "utf8");
    const md = readFileSync(path.join(dir, "rampart.md"), "utf8");
    const sarif = JSON.parse(readFileSync(path.join(dir, "rampart.sarif"), "utf8"));
    const helpUris = new Map<string, string>(
      sarif.runs[0].tool.driver.rules.map((r: { id: string; helpUri: string }) => [r.id, r.helpUri]),
    );
    for (const { ruleId } of report.findings) {
      const url = `${base}#${ruleId}`;
      expect(html).toContain(`<a href="${url}" rel="noreferrer">`);
      expect(md).toContain(`](${url})`);
      expect(helpUris.get(ruleId)).toBe(url);
    }
    const bad = await rampart("scan", api.apiUrl, "--docs-url", "javascript:alert(1)");
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--docs-url takes an http\(s\) URL/);
  });
});
