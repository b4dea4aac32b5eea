/** Verdicts that cannot mislead: nothing tested, cut short, all 5xx, and weak secrets in every format. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../lab/kit.js";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { startPasswordLeak, startServerErrorHost, startSlowHost } from "../../lab/servers/unwell.js";
import { ScanReport } from "../../src/engine/finding.js";
import { rampart, tempDir } from "../report/cli.js";

describe("a scan that tested nothing or too little", () => {
  let api: RestApi;
  let slow: LabServer;
  let failing: LabServer;
  beforeAll(async () => {
    [api, slow, failing] = await Promise.all([
      startRestApi({ hardened: false }),
      startSlowHost(150),
      startServerErrorHost(),
    ]);
  });
  afterAll(() => Promise.all([api.close(), slow.close(), failing.close()]));

  it("a selection that runs nothing gives no A and no 100, exit 2 and the reason", async () => {
    // An opt-in check without its flag: selected, but nothing runs.
    const run = await rampart("scan", api.apiUrl, "--only", "ssrf-loopback-probe", "--format", "json");
    expect(run.code).toBe(2);
    const report = ScanReport.parse(JSON.parse(run.stdout));
    expect(report.grade).not.toBe("A");
    expect(report.score).not.toBe(100);
    expect(report.gradeCap?.reason).toBe("nothing could be tested");
    expect(run.stderr).toBe("rampart: could not scan: every check was skipped: opt-in: enable with --ssrf-probe\n");
    const summary = await rampart("scan", api.apiUrl, "--only", "ssrf-loopback-probe");
    expect(summary.stdout).not.toMatch(/Score 100|Grade A/);
  });

  it("a scan cut by its deadline with most checks untested is incomplete, not an A, and fails the gate", async () => {
    const dir = tempDir();
    const run = await rampart(
      "scan",
      slow.url,
      "--deadline",
      "3",
      "--fail-on",
      "none",
      "--format",
      "json,summary,markdown,sarif,junit,html,table",
      "--output-dir",
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^rampart: gate failed: the scan is incomplete \(deadline of 3 s reached; \d+ of \d+ checks untested\); --allow-partial accepts it\n$/,
    );
    const report = ScanReport.parse(JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8")));
    expect(report.partial?.reason).toBe("deadline of 3 s reached");
    expect(report.partial!.untested! * 2).toBeGreaterThan(report.partial!.checks!);
    // Every format says so, with the untested share.
    for (const file of readdirSync(dir).filter((f) => f !== "rampart.json"))
      expect(readFileSync(path.join(dir, file), "utf8"), file).toMatch(
        /Incomplete scan: deadline of 3 s reached; \d+ of \d+ checks untested/,
      );
    const sarif = JSON.parse(readFileSync(path.join(dir, "rampart.sarif"), "utf8"));
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(readFileSync(path.join(dir, "rampart.txt"), "utf8").trimEnd().split("\n").at(-1)).toMatch(
      /^Total: .* · grade [A-F] · incomplete$/,
    );

    const allowed = await rampart("scan", slow.url, "--deadline", "3", "--fail-on", "none", "--allow-partial", "-q");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/gate passed: .*\(incomplete scan allowed\)/);
  }, 20_000);

  it("a host that answers 5xx to everything is reported as such: exit 2, no grade above F", async () => {
    const run = await rampart("scan", failing.url, "--format", "json");
    expect(run.code).toBe(2);
    const report = ScanReport.parse(JSON.parse(run.stdout));
    expect(report.grade).toBe("F");
    expect(report.partial?.unscannable).toBe(true);
    expect(run.stderr).toMatch(
      /^rampart: could not scan: the target answered all \d+ requests with a server error \(5xx\)\n$/,
    );
  }, 20_000);
});

describe("weak secrets in reports", () => {
  const password = "summer2024";
  let leak: LabServer;
  beforeAll(async () => {
    leak = await startPasswordLeak(password);
  });
  afterAll(() => leak.close());

  it("no format holds the password, a prefix of it, its length or an unsalted hash of it", async () => {
    const dir = tempDir();
    const run = await rampart(
      "scan",
      `${leak.origin}/api/users`,
      "--only",
      "data-exposure",
      "--fail-on",
      "none",
      "--format",
      "json,sarif,markdown,html,junit,summary,table",
      "--output-dir",
      dir,
    );
    expect(run.code).toBe(0);
    const report = ScanReport.parse(JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8")));
    expect(report.findings.some((f) => f.ruleId === "data-exposure-sensitive-fields")).toBe(true);
    const hashes = [password, `${password}!`].flatMap((p) => [
      createHash("sha256").update(p).digest("hex").slice(0, 8),
      createHash("sha1").update(p).digest("hex").slice(0, 8),
      createHash("md5").update(p).digest("hex").slice(0, 8),
    ]);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), "utf8");
      expect(text, file).not.toContain(password);
      expect(text, file).not.toContain("summ…");
      expect(text, file).not.toMatch(/len=\d+|sha256:[0-9a-f]/);
      for (const h of hashes) expect(text, file).not.toContain(h);
    }
  });
});
