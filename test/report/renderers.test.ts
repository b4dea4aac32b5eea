import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import type { Finding, ScanReport } from "../../src/engine/finding.js";
import { renderHtml } from "../../src/report/html.js";
import { RENDERERS } from "../../src/report/index.js";
import { renderJunit } from "../../src/report/junit.js";
import { PR_COMMENT_LIMIT, renderMarkdown } from "../../src/report/markdown.js";
import { pseudoPath, renderSarif } from "../../src/report/sarif.js";
import { renderTable } from "../../src/report/table.js";
import {
  FIXTURE_CATALOG,
  FIXTURE_FINDINGS,
  FIXTURE_REPORT,
  FIXTURE_WITH_POLICY,
  FIXTURE_WITH_SPEC,
} from "./fixture.js";
import { artifactUris, sarifSchemaErrors } from "./sarif-schema.js";

const sarifOf = (report: ScanReport): Log => JSON.parse(renderSarif(report, FIXTURE_CATALOG));

describe("golden files", () => {
  it.each([
    ["fixture.sarif", () => renderSarif(FIXTURE_REPORT, FIXTURE_CATALOG)],
    ["fixture-with-spec.sarif", () => renderSarif(FIXTURE_WITH_SPEC, FIXTURE_CATALOG)],
    ["fixture-with-policy.sarif", () => renderSarif(FIXTURE_WITH_POLICY, FIXTURE_CATALOG)],
    ["fixture.junit.xml", () => renderJunit(FIXTURE_REPORT, FIXTURE_CATALOG)],
    ["fixture.md", () => renderMarkdown(FIXTURE_REPORT)],
    ["fixture-with-policy.md", () => renderMarkdown(FIXTURE_WITH_POLICY)],
    ["fixture.html", () => renderHtml(FIXTURE_REPORT)],
    ["fixture-with-policy.html", () => renderHtml(FIXTURE_WITH_POLICY)],
    ["fixture.table.txt", () => renderTable(FIXTURE_REPORT)],
  ])("%s", async (file, render) => {
    await expect(render()).toMatchFileSnapshot(`__golden__/${file}.golden`);
  });

  it("every registered format is a pure function: same report, same output, report untouched", () => {
    const before = JSON.stringify(FIXTURE_REPORT);
    for (const { render } of Object.values(RENDERERS)) expect(render(FIXTURE_REPORT)).toBe(render(FIXTURE_REPORT));
    expect(JSON.stringify(FIXTURE_REPORT)).toBe(before);
  });
});

describe("sarif", () => {
  it("validates against the official SARIF 2.1.0 schema, with and without a spec", () => {
    for (const report of [FIXTURE_REPORT, FIXTURE_WITH_SPEC, { ...FIXTURE_REPORT, findings: [] }])
      expect(sarifSchemaErrors(sarifOf(report))).toEqual([]);
  });

  it("marks baseline state and carries suppressed findings as suppressed results", () => {
    const log = sarifOf(FIXTURE_WITH_POLICY);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results!;
    expect(results.map((r) => r.baselineState)).toEqual([
      "new",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.partialFingerprints?.["rampartFingerprint/v1"])).toEqual(["0a1b2c3d4e5f6071"]);
    expect(suppressed[0].suppressions![0]).toMatchObject({ kind: "external", status: "accepted" });
    expect(log.runs[0].tool.driver.rules![suppressed[0].ruleIndex!].id).toBe("bola-sequential-ids");
  });

  it("never uses an http(s) URI as an artifact location", () => {
    for (const report of [FIXTURE_REPORT, FIXTURE_WITH_SPEC]) {
      const uris = artifactUris(sarifOf(report));
      expect(uris.length).toBe(FIXTURE_FINDINGS.length);
      for (const uri of uris) expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
  });

  it("points at the spec file and the operation's line for operations the spec declares", () => {
    const results = sarifOf(FIXTURE_WITH_SPEC).runs[0].results!;
    const locationOf = (i: number) => results[i].locations![0].physicalLocation!;
    expect(locationOf(0).artifactLocation!.uri).toBe("specs/openapi.yaml");
    expect(locationOf(0).region!.startLine).toBe(42);
    expect(locationOf(1).region!.startLine).toBe(77);
    expect(locationOf(2).region!.startLine).toBe(1);
    // GET / is not in the spec: it keeps its pseudo-path.
    expect(locationOf(3).artifactLocation!.uri).toBe("api/GET/_root");
  });

  it("falls back to a stable pseudo-path when the spec is a URL", () => {
    const report = {
      ...FIXTURE_WITH_SPEC,
      extensions: { openapi: { source: { kind: "url", location: "https://api.example.test/openapi.json" } } },
    };
    const uri = sarifOf(report).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri;
    expect(uri).toBe("api/GET/api/v1/users/%7Bid%7D");
    expect(pseudoPath({ method: "get", path: "/" })).toBe("api/GET/_root");
  });

  it("carries rules from check metadata, fingerprints and the automation category", () => {
    const run = sarifOf(FIXTURE_REPORT).runs[0];
    const rules = run.tool.driver.rules!;
    const bola = rules.find((r) => r.id === "bola-sequential-ids")!;
    expect(bola.help?.text).toContain("Authorize every object access");
    expect(bola.properties?.["security-severity"]).toBe("9.5");
    expect(bola.properties?.precision).toBe("very-high");
    expect(bola.properties?.tags).toContain("security");
    // A clean check still appears as a rule; a rule missing from the catalog is described by its finding.
    expect(rules.map((r) => r.id)).toContain("encryption-hsts");
    expect(rules.find((r) => r.id === "data-exposure-secrets")?.properties?.["security-severity"]).toBe("8.0");
    expect(rules.find((r) => r.id === "input-validation-unicode")?.properties?.["security-severity"]).toBeUndefined();
    for (const [i, result] of run.results!.entries()) {
      expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
      expect(result.partialFingerprints?.["rampartFingerprint/v1"]).toBe(FIXTURE_FINDINGS[i].fingerprint);
    }
    expect(run.results!.map((r) => r.level)).toEqual(["error", "error", "warning", "note", "note", "note"]);
    expect(run.automationDetails?.id).toBe("rampart/127.0.0.1-8080/");
  });
});

describe("junit", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["testsuite", "testcase", "failure"].includes(name),
  });

  it("has a testcase per check and operation, and failures carry the finding", () => {
    const xml = parser.parse(renderJunit(FIXTURE_REPORT, FIXTURE_CATALOG));
    const suites = xml.testsuites.testsuite as { name: string; testcase: Record<string, unknown>[] }[];
    const cases = suites.flatMap((s) => s.testcase);
    // 9 checks, plus one error case because the fixture scan is incomplete (deadline reached);
    // the version-headers check failed on one operation with two findings.
    expect(cases).toHaveLength(10);
    expect(Number(xml.testsuites.tests)).toBe(10);
    expect(Number(xml.testsuites.failures)).toBe(5);
    expect(Number(xml.testsuites.errors)).toBe(2);
    expect(suites.find((s) => s.name === "rampart")!.testcase[0]).toMatchObject({ name: "scan complete" });
    expect(Number(xml.testsuites.skipped)).toBe(2);
    const versionCase = cases.find((c) => c.name === "inventory-version-headers GET /")!;
    const failures = versionCase.failure as { "#text": string; type: string }[];
    expect(failures).toHaveLength(2);
    expect(failures[0]["#text"]).toContain("Fingerprint: 3d4e5f6071829304");
    expect(failures[0]["#text"]).toContain("Reproduce: curl");
    expect(suites.find((s) => s.name === "encryption")!.testcase[0]).toMatchObject({ name: "encryption-hsts" });
  });

  it("stays well-formed XML whatever the strings hold", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const report = { ...FIXTURE_REPORT, findings: FIXTURE_FINDINGS.map((f) => ({ ...f, message: s, title: s })) };
        const xml = renderJunit(report, FIXTURE_CATALOG);
        expect(() => new XMLParser().parse(xml, true)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });
});

function manyFindings(n: number): Finding[] {
  const long = "A very long excerpt with `backticks` and <markup> | pipes. ".repeat(40);
  return Array.from({ length: n }, (_, i) => ({
    ...FIXTURE_FINDINGS[i % FIXTURE_FINDINGS.length],
    message: `${i}: ${long}`,
    evidence: { request: `GET /api/v1/items/${i}`, status: 200, excerpt: long, detail: long },
    fingerprint: i.toString(16).padStart(16, "0"),
  }));
}

describe("markdown", () => {
  it("fits a pull-request comment, cutting details with a note", () => {
    const md = renderMarkdown({ ...FIXTURE_REPORT, findings: manyFindings(2000) });
    expect(md.length).toBeLessThan(PR_COMMENT_LIMIT);
    expect(md).toMatch(/\d+ more findings not shown/);
    expect(md).toContain("## Rampart: grade F (37/100)");
    // Every opened <details> is closed: a cut never happens inside a section.
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  it("marks findings new since the baseline and lists suppressed ones", () => {
    const md = renderMarkdown(FIXTURE_WITH_POLICY);
    expect(md).toContain("1 new · 4 unchanged · 1 fixed");
    expect(md.match(/🆕/g)?.length).toBe(2);
    expect(md).toContain("1 suppressed by the config");
    expect(md).toContain("SEC-12 &lt;b&gt;");
  });

  it("shows grade, category table, top findings and collapsible details without raw markup", () => {
    const md = renderMarkdown(FIXTURE_REPORT);
    expect(md).toContain("| Category | Score | Findings |");
    expect(md).toContain("### Top findings");
    expect(md.match(/<details>/g)?.length).toBe(FIXTURE_FINDINGS.length + 1);
    expect(md).not.toContain("<script>");
    expect(md).not.toContain("<img");
    expect(md).not.toContain("not shown");
  });
});

describe("html", () => {
  it("is self-contained: no external resource, a CSP that forbids fetching", () => {
    const html = renderHtml(FIXTURE_REPORT);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    // Only links a reader may follow to a rule's docs; nothing the page loads by itself.
    expect(html).not.toMatch(/<(?!a\s)[^>]*\s(src|href)=/i);
    const links = [...html.matchAll(/<a href="([^"]+)" rel="noreferrer">/g)].map((m) => m[1]);
    expect(links.length).toBe(FIXTURE_REPORT.findings.length);
    for (const link of links) expect(link).toMatch(/^https:\/\/\S+\/docs\/checks\.md#[a-z0-9-]+$/);
    const custom = renderHtml(FIXTURE_REPORT, { docsUrl: "https://docs.example.test/rampart/checks" });
    expect(custom).toContain(`<a href="https://docs.example.test/rampart/checks#${FIXTURE_REPORT.findings[0].ruleId}"`);
  });

  it("never emits an unescaped < from a report string", () => {
    const tagsOf = (html: string) => html.split("<").length;
    const structure = tagsOf(renderHtml({ ...FIXTURE_REPORT, findings: FIXTURE_FINDINGS.map(stripLt) }));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { minLength: 6, maxLength: 6 }), (strings) => {
        const hostile = strings.map((s) => `${s}<${s}</script><b>`);
        const findings = FIXTURE_FINDINGS.map((f, i) => withStrings(f, hostile[i]));
        const html = renderHtml({ ...FIXTURE_REPORT, target: `http://127.0.0.1:8080/${hostile[0]}`, findings });
        // Report strings only ever add escaped text: the number of tags is that of the same report without any '<'.
        expect(tagsOf(html)).toBe(structure);
      }),
      { numRuns: 200 },
    );
  });
});

function withStrings(f: Finding, s: string): Finding {
  return {
    ...f,
    title: s,
    message: s,
    remediation: s,
    reproduce: s,
    operation: { method: s, path: s },
    evidence: { request: s, detail: s, excerpt: s, requestHeaders: { [s]: s }, responseHeaders: { [s]: s } },
  };
}

function stripLt(f: Finding): Finding {
  return withStrings(f, "x");
}
