/** `rampart diff`, `baseline update` and `report` on saved reports (no network), and the scan's URL rules. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ReportDiff } from "../../src/cli/diff.js";
import { rampart, tempDir } from "./cli.js";
import { FIXTURE_FINDINGS, FIXTURE_REPORT } from "./fixture.js";

const dir = tempDir();
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};

const before = write("before.json", { ...FIXTURE_REPORT, findings: FIXTURE_FINDINGS.slice(1) });
const after = write("after.json", { ...FIXTURE_REPORT, score: 30, findings: FIXTURE_FINDINGS.slice(0, 5) });

describe("rampart diff", () => {
  it("prints new, fixed and unchanged as JSON with the score drift", async () => {
    const run = await rampart("diff", before, after, "--format", "json");
    expect(run.code).toBe(0);
    const diff: ReportDiff = JSON.parse(run.stdout);
    expect(diff.new.map((f) => f.fingerprint)).toEqual([FIXTURE_FINDINGS[0].fingerprint]);
    expect(diff.fixed.map((f) => f.fingerprint)).toEqual([FIXTURE_FINDINGS[5].fingerprint]);
    expect(diff.unchanged).toHaveLength(4);
    expect(diff.scoreDrift).toBe(-7);
  });

  it("prints text, and --fail-on gates on new findings only", async () => {
    const text = await rampart("diff", before, after);
    expect(text.stdout).toContain("Score 37 (F) -> 30 (F), drift -7");
    expect(text.stdout).toContain("1 new, 1 fixed, 4 unchanged");
    expect((await rampart("diff", before, after, "--fail-on", "critical")).code).toBe(1);
    expect((await rampart("diff", after, before, "--fail-on", "low")).code).toBe(0);
  });

  it("exits 64 (usage) on a file that is not a scan report or a bad option", async () => {
    const notReport = write("not-a-report.json", { hello: "world" });
    const run = await rampart("diff", notReport, after);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("is not a Rampart scan report");
    expect((await rampart("diff", before, path.join(dir, "missing.json"))).stderr).toContain("no such file");
    expect((await rampart("diff", before, after, "--format", "xml")).code).toBe(64);
  });
});

describe("rampart baseline update", () => {
  it("writes sorted fingerprints and says what changed since the previous baseline", async () => {
    const file = path.join(dir, "baseline.json");
    const first = await rampart("baseline", "update", before, "--file", file);
    expect(first.stdout).toBe(`wrote 5 findings to ${file} (5 added, 0 removed)\n`);
    const baseline = JSON.parse(readFileSync(file, "utf8"));
    expect(baseline.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
      FIXTURE_FINDINGS.slice(1)
        .map((f) => f.fingerprint)
        .sort(),
    );
    const second = await rampart("baseline", "update", after, "--file", file);
    expect(second.stdout).toBe(`wrote 5 findings to ${file} (1 added, 1 removed)\n`);
  });
});

describe("rampart report and scan arguments", () => {
  it("renders a saved report to stdout in the asked format", async () => {
    const run = await rampart("report", before, "--format", "table");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^SEVERITY\s+CONFIDENCE\s+RULE/);
    const both = await rampart("report", before, "--format", "json,sarif", "--output", path.join(dir, "x"));
    expect(both.code).toBe(64);
    expect(both.stderr).toContain("use --output-dir DIR for one file per format");
  });

  it("a scan without a URL or a config target is a usage error (exit 64)", async () => {
    const run = await rampart("scan");
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("give the API URL to scan");
  });
});
