/**
 * Every format from one real scan of the vulnerable lab API, with credentials: SARIF valid with
 * no http(s) artifact URI, Markdown within a PR comment, JUnit well-formed, no credential in
 * any output, the same exit code whatever the format, and `rampart report` re-rendering the
 * saved JSON to the very same files.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { llmExtension } from "../../src/llm/extension.js";
import { openapiExtension } from "../../src/openapi/extension.js";
import { tierExtension } from "../../src/report/extensions.js";
import { PR_COMMENT_LIMIT } from "../../src/report/markdown.js";
import { DocumentedReport } from "../../src/report/schema.js";
import { rampart, tempDir } from "./cli.js";
import { artifactUris, sarifSchemaErrors } from "./sarif-schema.js";

const FORMATS = ["json", "sarif", "junit", "markdown", "html", "table", "summary"];
const TOKEN = "lab-bearer-token-5f1c2e9a7b3d";
const API_KEY = "lab-api-key-0c8d7e6f5a4b3c2d";

describe("all formats from a real lab scan", { timeout: 120_000 }, () => {
  let api: RestApi;
  const dir = tempDir();
  const outDir = path.join(dir, "out");
  let scanCode: number;
  const scanArgs = () => [
    "scan",
    api.apiUrl,
    "--auth",
    `bearer:${TOKEN}`,
    "-H",
    `X-Api-Key: ${API_KEY}`,
    "--seed",
    "5",
  ];

  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
    const run = await rampart(...scanArgs(), "--format", FORMATS.join(","), "--output-dir", outDir);
    expect(run.code, run.stderr).toBeLessThan(2);
    scanCode = run.code;
  });
  afterAll(() => api.close());

  const read = (ext: string) => readFileSync(path.join(outDir, `rampart.${ext}`), "utf8");

  it("writes one file per format", () => {
    expect(readdirSync(outDir).sort()).toEqual(
      [
        "rampart.html",
        "rampart.json",
        "rampart.junit.xml",
        "rampart.md",
        "rampart.sarif",
        "rampart.table.txt",
        "rampart.txt",
      ].sort(),
    );
  });

  it("the JSON report validates against the documented schema (docs/report.schema.json), every extension too", () => {
    const report = JSON.parse(read("json"));
    const parsed = DocumentedReport.safeParse(report);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    // The layers this scan ran published their part, and each reads back through its typed key.
    // (extensions.injection is read the same way by every injection test: test/injection-kit.ts.)
    expect(Object.keys(report.extensions).sort()).toEqual(["llm", "openapi", "tier"]);
    expect(openapiExtension.read(report)?.source?.kind).toBe("discovered");
    expect(tierExtension.read(report)).toBe("safe");
    expect(llmExtension.read(report)?.recognised).toBeNull();
  });

  it("SARIF validates and has no http(s) artifact URI", () => {
    const report = JSON.parse(read("json"));
    const sarif = JSON.parse(read("sarif"));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const uris = artifactUris(sarif);
    expect(uris.length).toBe(report.findings.length);
    for (const uri of uris) expect(uri).not.toMatch(/^https?:/i);
    expect(sarif.runs[0].results.length).toBe(report.findings.length);
  });

  it("with a spec file in the repository, SARIF points at the spec (and its lines when the layer gives them)", async () => {
    const spec = "lab/specs/lab-api.openapi31.yaml";
    const specDir = path.join(dir, "spec");
    const run = await rampart(
      "scan",
      api.apiUrl,
      "--spec",
      spec,
      "--format",
      "json,sarif",
      "--output-dir",
      specDir,
      "--fail-on",
      "none",
      "--seed",
      "5",
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(specDir, "rampart.json"), "utf8"));
    const sarif = JSON.parse(readFileSync(path.join(specDir, "rampart.sarif"), "utf8"));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const declared = new Map<string, number>(
      report.extensions.openapi.operations.map((o: { method: string; path: string; line?: number }) => [
        `${o.method} ${o.path}`,
        o.line ?? 1,
      ]),
    );
    let inSpec = 0;
    for (const [i, f] of (report.findings as { operation: { method: string; path: string } }[]).entries()) {
      const location = sarif.runs[0].results[i].locations[0].physicalLocation;
      const line = declared.get(`${f.operation.method} ${f.operation.path}`);
      if (line === undefined) {
        expect(location.artifactLocation.uri).toMatch(/^api\//);
        continue;
      }
      inSpec++;
      expect(location.artifactLocation.uri).toBe(spec);
      expect(location.region.startLine).toBe(line);
    }
    expect(inSpec).toBeGreaterThan(0);
    for (const uri of artifactUris(sarif)) expect(uri).not.toMatch(/^https?:/i);
  });

  it("Markdown fits a PR comment; JUnit parses; HTML is one file", () => {
    const md = read("md");
    const html = read("html");
    console.info(`lab scan sizes: markdown ${md.length} chars, html ${Buffer.byteLength(html)} bytes`);
    expect(md.length).toBeLessThan(PR_COMMENT_LIMIT);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(read("junit.xml"), true);
    expect(Number(xml.testsuites["@_tests"])).toBeGreaterThanOrEqual(JSON.parse(read("json")).coverage.length);
    // Nothing the page loads by itself; only links to the rule docs a reader may follow.
    expect(html).not.toMatch(/<(?!a\s)[^>]*\s(src|href)=/i);
  });

  it("no credential appears in any format", () => {
    for (const file of readdirSync(outDir)) {
      const text = readFileSync(path.join(outDir, file), "utf8");
      expect(text, file).not.toContain(TOKEN);
      expect(text, file).not.toContain(API_KEY);
    }
  });

  it("exits with the same code whatever the format", async () => {
    for (const format of FORMATS) {
      const run = await rampart(...scanArgs(), "--format", format);
      expect(run.code, `${format}: ${run.stderr}`).toBe(scanCode);
      expect(run.stdout).not.toContain(TOKEN);
    }
  });

  it("`rampart report` renders the saved JSON to the same bytes", async () => {
    const again = path.join(dir, "again");
    const run = await rampart(
      "report",
      path.join(outDir, "rampart.json"),
      "--format",
      FORMATS.join(","),
      "--output-dir",
      again,
    );
    expect(run.code, run.stderr).toBe(0);
    for (const file of readdirSync(outDir))
      expect(readFileSync(path.join(again, file), "utf8"), file).toBe(readFileSync(path.join(outDir, file), "utf8"));
  });

  it("`rampart report` refuses what is not a scan report (exit 64)", async () => {
    const run = await rampart("report", path.join(outDir, "rampart.sarif"), "--format", "markdown");
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("is not a Rampart scan report");
    const unknown = await rampart("report", path.join(outDir, "rampart.json"), "--format", "pdf");
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown format "pdf"');
  });
});
