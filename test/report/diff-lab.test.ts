/**
 * Baseline and diff against a live lab: the vulnerable REST API behind a decorator that makes
 * every response volatile (request ids, timings, timestamps) and can plant one extra issue.
 * Volatile data must not make findings look new; the planted issue must show as exactly one
 * new finding, and removing it as exactly one fixed.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabModule, type LabServer, router, sendJson, startLab } from "../../lab/kit.js";
import { restModules } from "../../lab/rest/index.js";
import type { ReportDiff } from "../../src/cli/diff.js";
import { rampart, tempDir } from "./cli.js";

describe("diff and baseline on a lab target with volatile responses", { timeout: 120_000 }, () => {
  const state = { planted: false };
  let lab: LabServer;
  let url: string;
  const dir = tempDir();

  beforeAll(async () => {
    const volatile: LabModule = {
      // Bodies carry fresh ids and timestamps on every answer, as real APIs do.
      routes: [
        {
          method: "GET",
          path: "/api/v1/users",
          handler: (_req, res) =>
            sendJson(res, 200, {
              requestId: randomUUID(),
              generatedAt: new Date().toISOString(),
              users: [1, 2, 3].map((id) => ({ id, name: `user${id}`, lastSeen: Date.now() - id * 1000 })),
            }),
        },
      ],
      decorate(_req, res) {
        res.setHeader("x-request-id", randomUUID());
        res.setHeader("date-generated", new Date().toISOString());
        res.setHeader("x-runtime", (Math.random() * 0.1).toFixed(6));
        if (state.planted) res.setHeader("x-aspnet-version", "4.0.30319");
      },
    };
    lab = await startLab(router([volatile, ...restModules(false)]));
    url = `${lab.origin}/api/v1/users`;
  });
  afterAll(() => lab.close());

  async function scan(name: string): Promise<string> {
    const file = path.join(dir, `${name}.json`);
    const run = await rampart("scan", url, "--format", "json", "--output", file, "--fail-on", "none", "--seed", "3");
    expect(run.code, run.stderr).toBe(0);
    return file;
  }

  async function diff(a: string, b: string): Promise<ReportDiff> {
    const run = await rampart("diff", a, b, "--format", "json");
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  }

  it("finds nothing new between two scans of the unchanged target, then exactly one new and one fixed", async () => {
    const first = await scan("first");
    const second = await scan("second");
    const firstReport = JSON.parse(readFileSync(first, "utf8"));
    expect(firstReport.findings.length).toBeGreaterThan(0);
    // The volatile header is itself a finding whose value changes each time; its fingerprint must not.
    expect(JSON.stringify(firstReport)).toContain("x-runtime");

    const unchanged = await diff(first, second);
    expect(unchanged.new).toEqual([]);
    expect(unchanged.fixed).toEqual([]);
    expect(unchanged.unchanged.length).toBe(firstReport.findings.length);
    expect(Object.keys(unchanged).sort()).toEqual(["fixed", "new", "scoreDrift", "unchanged"]);

    state.planted = true;
    const planted = await scan("planted");
    const added = await diff(second, planted);
    expect(added.new.map((f) => f.evidence.responseHeaders)).toEqual([{ "x-aspnet-version": "4.0.30319" }]);
    expect(added.fixed).toEqual([]);
    expect(added.scoreDrift).toBeLessThanOrEqual(0);

    state.planted = false;
    const removed = await diff(planted, await scan("removed"));
    expect(removed.new).toEqual([]);
    expect(removed.fixed.map((f) => f.fingerprint)).toEqual(added.new.map((f) => f.fingerprint));
    expect(removed.scoreDrift + added.scoreDrift).toBe(0);
  });

  it("with --baseline only the planted finding fails the gate", async () => {
    const before = await scan("baseline-source");
    const baselineFile = path.join(dir, "baseline.json");
    const update = await rampart("baseline", "update", before, "--file", baselineFile);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/^wrote \d+ findings/);

    const gatedScan = () =>
      rampart("scan", url, "--format", "json", "--fail-on", "low", "--baseline", baselineFile, "--seed", "3");
    // Unchanged target: every finding is in the baseline, so even --fail-on low passes.
    const clean = await gatedScan();
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toMatch(/baseline .*: 0 new/);
    expect(JSON.parse(clean.stdout).extensions.baseline.new).toEqual([]);

    state.planted = true;
    try {
      const dirty = await gatedScan();
      expect(dirty.code).toBe(1);
      expect(dirty.stderr).toContain("gate failed: 1 finding(s) at low or above");
      expect(JSON.parse(dirty.stdout).extensions.baseline.new).toHaveLength(1);
    } finally {
      state.planted = false;
    }
  });
});
