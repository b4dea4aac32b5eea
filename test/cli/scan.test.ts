import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { main } from "../../src/cli/main.js";
import { ScanReport } from "../../src/engine/finding.js";
import { captureIo as capture } from "../harness.js";

const run = promisify(execFile);
async function spawnCli(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, ["bin/rampart.js", ...args], {
      env: { ...process.env, RAMPART_FROM_SOURCE: "1", ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("rampart scan", () => {
  let api: RestApi;
  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
  });
  afterAll(() => api.close());

  it("exits 64 (usage) with one clear line for a bad URL, a bad option or an unknown check", async () => {
    for (const args of [
      ["scan", "not-a-url"],
      ["scan", "ftp://127.0.0.1/"],
      ["scan", api.apiUrl, "--fail-on", "severe"],
      ["scan", api.apiUrl, "--only", "no-such-check"],
      ["scan", api.apiUrl, "--budget", "zero"],
    ]) {
      const c = capture();
      expect(await main(args, c.io)).toBe(64);
      const lines = c.stderr().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^(rampart: )?error/);
      expect(c.stderr()).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it("exits 2 when the target is unreachable, names the refused connection in one line, and stops early", async () => {
    const gone = await startRestApi({ hardened: false });
    await gone.close();
    const c = capture();
    expect(await main(["scan", gone.apiUrl, "--format", "json"], c.io)).toBe(2);
    const report = ScanReport.parse(JSON.parse(c.stdout()));
    expect(report.partial?.reason).toMatch(/target unreachable/);
    expect(report.partial?.unscannable).toBe(true);
    expect(c.stderr()).toMatch(
      /^rampart: could not scan: target unreachable: connection refused at 127\.0\.0\.1:\d+\n$/,
    );
    // The first request is tried twice; then the scan ends without running any check.
    expect(report.stats.requests).toBe(2);
    expect([report.score, report.grade]).toEqual([0, "F"]);
  });

  it("writes a schema-valid JSON report and gates on --fail-on and --min-score", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-"));
    const file = path.join(dir, "scan.json");
    const strict = capture();
    expect(await main(["scan", api.apiUrl, "--format", "json", "--output", file, "--fail-on", "low"], strict.io)).toBe(
      1,
    );
    expect(strict.stdout()).toBe("");
    const report = ScanReport.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(strict.stderr()).toMatch(/gate failed/);
    const lenient = capture();
    expect(
      await main(["scan", api.apiUrl, "--only", "inventory-version-headers", "--fail-on", "none"], lenient.io),
    ).toBe(0);
    expect(lenient.stdout()).toMatch(/Grade [A-F]/);
    const scored = capture();
    expect(
      await main(
        ["scan", api.apiUrl, "--only", "inventory-version-headers", "--fail-on", "none", "--min-score", "100"],
        scored.io,
      ),
    ).toBe(1);
  });

  it("writes several formats with --output-dir", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-"));
    const c = capture();
    await main(["scan", api.apiUrl, "--only", "inventory", "--format", "json,summary", "--output-dir", dir], c.io);
    expect(JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8")).tool.name).toBe("rampart");
    expect(readFileSync(path.join(dir, "rampart.txt"), "utf8")).toMatch(/Score \d+\/100/);
  });

  it("runs as a real process: --help, NO_COLOR, no progress when stderr is not a TTY", async () => {
    const help = await spawnCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: rampart/);
    const scanned = await spawnCli(["scan", api.apiUrl, "--only", "inventory", "--fail-on", "none"], { NO_COLOR: "1" });
    expect(scanned.code).toBe(0);
    expect(scanned.stdout).toMatch(/Grade/);
    expect(scanned.stdout).not.toMatch(/\u001b\[/);
    expect(scanned.stderr).toMatch(/^rampart: gate passed: score \d+, grade [A-F]\n$/);
  });

  it("shows progress on stderr only when it is a TTY", async () => {
    const tty = capture();
    const io = { ...tty.io, isTTY: true };
    await main(["scan", api.apiUrl, "--only", "inventory", "--fail-on", "none"], io);
    expect(tty.stderr()).toMatch(/checks \d+\/\d+ · \d+ requests/);
    const quiet = capture();
    await main(["scan", api.apiUrl, "--only", "inventory", "--fail-on", "none", "--quiet"], {
      ...quiet.io,
      isTTY: true,
    });
    // Quiet drops the progress, never the gate result.
    expect(quiet.stderr()).toMatch(/^rampart: gate passed: score \d+, grade [A-F]\n$/);
  });
});

describe("rampart checks", () => {
  it("lists every registered check with its metadata", async () => {
    const { CHECKS } = await import("../../src/checks/index.js");
    const c = capture();
    expect(await main(["checks", "--json"], c.io)).toBe(0);
    const listed = JSON.parse(c.stdout()) as { id: string; owasp: string[] }[];
    expect(listed.map((m) => m.id)).toEqual(CHECKS.map((k) => k.meta.id));
    expect(listed.every((m) => m.owasp.length > 0)).toBe(true);
  });
});
