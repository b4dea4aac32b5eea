/**
 * The GitHub Action's script run locally against a lab server, with simulated
 * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files: job summary, annotations, SARIF, outputs and
 * exit code, and no credential anywhere. One run goes through the real entry point as
 * a child process (from source here; test/package.test.ts runs the packed, compiled one as action.yml does).
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { runAction } from "../../src/cli/github-action.js";
import type { ScanReport } from "../../src/engine/finding.js";
import { PR_COMMENT_LIMIT } from "../../src/report/markdown.js";
import { tempDir } from "./cli.js";
import { sarifSchemaErrors } from "./sarif-schema.js";

const SECRET = "action-secret-token-a1b2c3d4e5f6";
const ROOT = path.resolve(import.meta.dirname, "../..");

function githubFiles(dir: string) {
  const summary = path.join(dir, "step-summary.md");
  const output = path.join(dir, "github-output.txt");
  writeFileSync(summary, "");
  writeFileSync(output, "");
  return { summary, output };
}

function outputsOf(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("GitHub Action script", { timeout: 120_000 }, () => {
  let api: RestApi;
  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
  });
  afterAll(() => api.close());

  it("writes the job summary, annotations, SARIF and outputs, and exits like the CLI", async () => {
    const dir = tempDir("rampart-action-");
    const files = githubFiles(dir);
    let stdout = "";
    let stderr = "";
    const code = await runAction(
      {
        GITHUB_WORKSPACE: dir,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        INPUT_URL: api.apiUrl,
        INPUT_AUTH: `bearer:${SECRET}`,
        INPUT_FAIL_ON: "high",
        INPUT_FORMATS: "html, junit",
        INPUT_OUTPUT_DIR: "reports",
      },
      { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false },
    );
    const report = JSON.parse(readFileSync(path.join(dir, "reports", "rampart.json"), "utf8")) as ScanReport;
    const severe = report.findings.filter((f) => f.severity === "critical" || f.severity === "high").length;
    const medium = report.findings.filter((f) => f.severity === "medium").length;
    expect(code, stderr).toBe(severe > 0 ? 1 : 0);

    const summary = readFileSync(files.summary, "utf8");
    expect(summary).toContain(`## Rampart: grade ${report.grade} (${report.score}/100)`);
    expect(summary.length).toBeLessThan(PR_COMMENT_LIMIT);

    const lines = stdout.split("\n");
    expect(lines.filter((l) => l.startsWith("::error ")).length).toBe(Math.min(severe, 50));
    expect(lines.filter((l) => l.startsWith("::warning ")).length).toBe(Math.min(medium, 50 - Math.min(severe, 50)));
    for (const l of lines.filter((x) => x.startsWith("::")))
      expect(l).toMatch(/^::(error|warning|notice) title=[^:]*::/);

    const outputs = outputsOf(files.output);
    expect(outputs).toMatchObject({ "exit-code": String(code), score: String(report.score), grade: report.grade });
    expect(sarifSchemaErrors(JSON.parse(readFileSync(outputs.sarif, "utf8")))).toEqual([]);
    expect(readFileSync(path.join(dir, "reports", "rampart.html"), "utf8")).toContain("<!doctype html>");

    for (const text of [
      stdout,
      stderr,
      summary,
      readFileSync(files.output, "utf8"),
      readFileSync(outputs.sarif, "utf8"),
    ])
      expect(text).not.toContain(SECRET);
    expect(api.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
  });

  it("runs through the entry point action.yml uses, and passes with fail-on none", async () => {
    const dir = tempDir("rampart-action-");
    const files = githubFiles(dir);
    const action = parseYaml(readFileSync(path.join(ROOT, "action.yml"), "utf8"));
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(["url", "spec", "auth", "fail-on", "min-score", "formats"]),
    );
    expect(action.runs.steps.at(-1).run).toContain("dist/cli/github-action.js");
    const { stdout } = await promisify(execFile)(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "src/cli/github-action.ts")],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          GITHUB_WORKSPACE: dir,
          GITHUB_STEP_SUMMARY: files.summary,
          GITHUB_OUTPUT: files.output,
          INPUT_URL: api.apiUrl,
          INPUT_FAIL_ON: "none",
        },
      },
    );
    expect(outputsOf(files.output)["exit-code"]).toBe("0");
    expect(readFileSync(files.summary, "utf8")).toContain("## Rampart: grade");
    expect(stdout).toMatch(/^::(error|warning) /m);
  });

  it("reports a scan that could not start (a usage error, exit 64) in the summary", async () => {
    const dir = tempDir("rampart-action-");
    const files = githubFiles(dir);
    let stdout = "";
    const code = await runAction(
      {
        GITHUB_WORKSPACE: dir,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        INPUT_URL: "ftp://127.0.0.1/",
      },
      { stdout: (s) => (stdout += s), stderr: () => undefined, isTTY: false },
    );
    expect(code).toBe(64);
    expect(stdout).toContain("::error title=Rampart::Rampart could not scan");
    expect(readFileSync(files.summary, "utf8")).toContain("could not scan");
    expect(outputsOf(files.output)["exit-code"]).toBe("64");
  });
});
