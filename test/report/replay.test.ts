/**
 * `rampart replay` against a live lab: the finding's request goes out once, through the engine's
 * client (scope lock, method allowlist), and the verdict follows the target's behaviour.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabModule, type LabServer, router, startLab } from "../../lab/kit.js";
import { restModules } from "../../lab/rest/index.js";
import { requestFromCurl } from "../../src/cli/replay.js";
import type { Finding, ScanReport } from "../../src/engine/finding.js";
import { rampart, tempDir } from "./cli.js";

describe("rampart replay", () => {
  const state = { planted: true };
  let lab: LabServer;
  let reportFile: string;
  let report: ScanReport;
  let planted: Finding;
  const dir = tempDir();

  beforeAll(async () => {
    const plant: LabModule = {
      routes: [],
      decorate(_req, res) {
        if (state.planted) res.setHeader("x-aspnet-version", "4.0.30319");
      },
    };
    lab = await startLab(router([plant, ...restModules(false)]));
    reportFile = path.join(dir, "scan.json");
    const run = await rampart(
      "scan",
      `${lab.origin}/api/v1/users`,
      "-f",
      "json",
      "-o",
      reportFile,
      "--only",
      "inventory",
      "--fail-on",
      "low",
    );
    expect(run.code, run.stderr).toBe(1);
    report = JSON.parse(readFileSync(reportFile, "utf8"));
    planted = report.findings.find((f) => f.evidence.responseHeaders?.["x-aspnet-version"])!;
    expect(planted).toBeDefined();
  });
  afterAll(() => lab.close());

  function withFinding(finding: Finding): string {
    const file = path.join(dir, `crafted-${finding.fingerprint}.json`);
    writeFileSync(file, JSON.stringify({ ...report, findings: [finding] }));
    return file;
  }

  it("says the evidence reproduces (exit 1) while the issue is there, with one request", async () => {
    const sent = lab.requests.length;
    const run = await rampart("replay", reportFile, planted.fingerprint);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain("The evidence reproduces");
    expect(run.stdout).toContain("✓ header x-aspnet-version");
    const replayed = lab.requests.slice(sent);
    expect(replayed.map((r) => r.method)).toEqual([requestFromCurl(planted.reproduce).method]);
  });

  it("says it no longer reproduces (exit 0) once the issue is gone, by index or fingerprint prefix", async () => {
    state.planted = false;
    try {
      const index = String(report.findings.indexOf(planted) + 1);
      for (const ref of [index, planted.fingerprint.slice(0, 8)]) {
        const run = await rampart("replay", reportFile, ref, "--format", "json");
        expect(run.code, run.stderr).toBe(0);
        const result = JSON.parse(run.stdout);
        expect(result).toMatchObject({
          fingerprint: planted.fingerprint,
          reproduced: false,
          status: planted.evidence.status,
        });
      }
    } finally {
      state.planted = true;
    }
  });

  it("keeps the scan's method allowlist and scope lock (exit 2, nothing sent)", async () => {
    const sent = lab.requests.length;
    const deleting = withFinding({ ...planted, reproduce: `curl -sS -i -X DELETE '${lab.origin}/api/v1/users/1'` });
    const del = await rampart("replay", deleting, "1");
    expect(del.code).toBe(2);
    expect(del.stderr).toContain("DELETE is not allowed");
    const elsewhere = withFinding({ ...planted, reproduce: `curl -sS -i 'http://127.0.0.1:9/api/v1/users'` });
    const off = await rampart("replay", elsewhere, "1");
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("refused request outside");
    expect(lab.requests.length).toBe(sent);
  });

  it("sends credentials only from -H, and never prints them", async () => {
    const secret = "replay-secret-token-0123456789";
    const authed = withFinding({
      ...planted,
      reproduce: `curl -sS -i '${lab.origin}/api/v1/users' -H 'authorization: <AUTHORIZATION>' -H 'x-trace: on'`,
      // Whatever the API answers a stranger's token, the planted header is on every response.
      evidence: { request: "GET /api/v1/users", responseHeaders: { "x-aspnet-version": "4.0.30319" } },
    });
    const sent = lab.requests.length;
    const run = await rampart("replay", authed, "1", "-H", `Authorization: Bearer ${secret}`);
    expect(run.code, run.stderr).toBe(1);
    const received = lab.requests.slice(sent);
    expect(received).toHaveLength(1);
    expect(received[0].headers.authorization).toBe(`Bearer ${secret}`);
    expect(received[0].headers["x-trace"]).toBe("on");
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("parses the engine's curl lines, placeholders left out", () => {
    expect(
      requestFromCurl(
        `curl -sS -i -X POST 'http://127.0.0.1:1/a?b=c' -H 'cookie: <COOKIE>' -H 'content-type: application/json' --data-binary '{"q":"it'\\''s"}'`,
      ),
    ).toEqual({
      method: "POST",
      url: "http://127.0.0.1:1/a?b=c",
      headers: { "content-type": "application/json" },
      body: `{"q":"it's"}`,
    });
    expect(requestFromCurl("curl -sS -i -I 'http://127.0.0.1:1/'").method).toBe("HEAD");
  });
});
