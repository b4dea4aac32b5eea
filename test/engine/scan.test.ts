import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, startLab } from "../../lab/kit.js";
import { startHostile } from "../../lab/servers/hostile.js";
import { defineCheck } from "../../src/engine/check.js";
import { ScanReport } from "../../src/engine/finding.js";
import { runScan } from "../../src/engine/scan.js";
import { TargetError } from "../../src/engine/target.js";
import { testCheckMeta, verdictOf } from "../harness.js";

const base = testCheckMeta("the runner tests");

const reportsTwice = defineCheck({
  meta: { ...base, id: "reports-twice", maxRequests: 2 },
  async run(ctx) {
    const x = await ctx.http.get("/thing");
    ctx.report({ message: "first", exchange: x, key: "a" });
    ctx.report({ message: "duplicate of first", exchange: x, key: "a" });
    ctx.report({ message: "second", exchange: x, key: "b", severity: "high" });
  },
});
const throws = defineCheck({
  meta: { ...base, id: "throws", maxRequests: 1 },
  async run() {
    throw new Error("boom");
  },
});
const overBudget = defineCheck({
  meta: { ...base, id: "over-budget", maxRequests: 2 },
  async run(ctx) {
    for (let i = 0; i < 5; i++) await ctx.http.get(`/n/${i}`);
  },
});
const findsThenFails = defineCheck({
  meta: { ...base, id: "finds-then-fails", maxRequests: 1 },
  async run(ctx) {
    ctx.report({ message: "found before failing" });
    await ctx.http.get("http://127.0.0.2:9/");
  },
});
const skips = defineCheck({
  meta: { ...base, id: "skips", maxRequests: 0 },
  async run(ctx) {
    ctx.skip("not applicable");
  },
});
const optIn = defineCheck({
  meta: { ...base, id: "opt-in-only", maxRequests: 0, optIn: "danger" },
  async run(ctx) {
    ctx.report({ message: "should not run" });
  },
});
const randomPaths = defineCheck({
  meta: { ...base, id: "random-paths", maxRequests: 3 },
  async run(ctx) {
    for (let i = 0; i < 3; i++) {
      const x = await ctx.http.get(`/r/${ctx.rng.token(8)}`);
      ctx.report({
        message: `random ${i}`,
        exchange: x,
        key: String(i),
        evidence: { excerpt: x.body.toString().slice(0, 40) },
      });
    }
  },
});
const leaksCredential = defineCheck({
  meta: { ...base, id: "leaks-credential", maxRequests: 1 },
  async run(ctx) {
    const x = await ctx.http.get("/echo-auth");
    ctx.report({ message: "echoed", exchange: x, evidence: { excerpt: x.body.toString() } });
  },
});

describe("runScan", () => {
  let api: LabServer;
  beforeAll(async () => {
    api = await startLab((req, res) => sendJson(res, 200, { path: req.path, auth: req.headers.authorization ?? null }));
  });
  afterAll(() => api.close());

  it("turns check outcomes into verdicts: errors and budget stops are never a pass", async () => {
    const report = await runScan({
      url: `${api.origin}/api`,
      checks: [reportsTwice, throws, overBudget, findsThenFails, skips, optIn],
    });
    expect(ScanReport.parse(report)).toBeTruthy();
    expect(verdictOf(report, "reports-twice")).toBe("fail");
    expect(verdictOf(report, "throws")).toBe("error");
    expect(report.coverage.find((c) => c.check === "throws")?.reason).toContain("boom");
    expect(verdictOf(report, "over-budget")).toBe("inconclusive");
    expect(report.coverage.find((c) => c.check === "over-budget")?.requests).toBe(2);
    expect(verdictOf(report, "finds-then-fails")).toBe("fail");
    expect(verdictOf(report, "skips")).toBe("skipped");
    expect(verdictOf(report, "opt-in-only")).toBe("skipped");
    expect(report.findings.filter((f) => f.ruleId === "opt-in-only")).toEqual([]);
    // duplicates by fingerprint collapse; the most severe comes first
    const mine = report.findings.filter((f) => f.ruleId === "reports-twice");
    expect(mine.map((f) => f.message)).toEqual(["second", "first"]);
    expect(mine[0].reproduce).toBe(`curl -sS -i '${api.origin}/thing'`);
    expect(api.requests.some((r) => r.url === "/")).toBe(false);
  });

  it("gives byte-identical JSON for the same seed, apart from startedAt and stats", async () => {
    const strip = (r: Awaited<ReturnType<typeof runScan>>) => JSON.stringify({ ...r, startedAt: "", stats: {} });
    const a = await runScan({ url: `${api.origin}/`, checks: [randomPaths, reportsTwice], seed: 42 });
    const b = await runScan({ url: `${api.origin}/`, checks: [reportsTwice, randomPaths], seed: 42 });
    const c = await runScan({ url: `${api.origin}/`, checks: [randomPaths, reportsTwice], seed: 43 });
    expect(strip(a)).toBe(strip(b));
    expect(strip(a)).not.toBe(strip(c));
  });

  it("never lets a credential reach the report, even when the target echoes it", async () => {
    const token = `Bearer ${"s3cr3t".repeat(6)}`;
    const report = await runScan({
      url: `${api.origin}/`,
      checks: [leaksCredential],
      headers: { Authorization: token },
    });
    const json = JSON.stringify(report);
    expect(json).not.toContain("s3cr3ts3cr3t");
    expect(report.findings[0].reproduce).toContain("authorization: <AUTHORIZATION>");
  });

  it("rejects a bad URL with a clear message", async () => {
    await expect(runScan({ url: "not a url", checks: [] })).rejects.toBeInstanceOf(TargetError);
    await expect(runScan({ url: "ftp://127.0.0.1/", checks: [] })).rejects.toThrow(/only http and https/);
  });

  it("reports an unreachable target as untested (score 0, F) with the reason on every check", async () => {
    const gone = await startLab((_q, r) => {
      r.end();
    });
    await gone.close();
    const report = await runScan({ url: gone.url, checks: [reportsTwice, skips] });
    expect(report.score).toBe(0);
    expect(report.grade).toBe("F");
    expect(report.coverage.every((c) => c.verdict === "error" && c.reason?.startsWith("target unreachable"))).toBe(
      true,
    );
  });

  it("ends a scan of a host that hangs by its deadline and says why", async () => {
    const hang = await startHostile("hang");
    const started = Date.now();
    const report = await runScan({
      url: hang.url,
      checks: [reportsTwice],
      limits: { deadlineMs: 1500, timeoutMs: 5000 },
    });
    expect(Date.now() - started).toBeLessThan(1500 + 5000);
    expect(report.partial?.reason).toMatch(/deadline/);
    await hang.close();
  });
});

describe("redaction of the report", () => {
  it("masks a short numeric secret without breaking the report", async () => {
    const api = await startLab((_req, res) => sendJson(res, 200, { total: 140001, pin: "4000" }));
    const numeric = defineCheck({
      meta: { ...base, id: "numeric-secret", maxRequests: 1 },
      async run(ctx) {
        const x = await ctx.http.get("/");
        ctx.report({
          message: "pin 4000 seen in 140001",
          exchange: x,
          secrets: ["4000"],
          evidence: { excerpt: x.body.toString() },
        });
      },
    });
    const report = await runScan({ url: api.url, checks: [numeric] });
    expect(ScanReport.parse(report)).toBeTruthy();
    expect(JSON.stringify(report.findings)).not.toMatch(/"pin":"4000"/);
    expect(report.findings[0].message).toMatch(/^pin \[redacted\]/);
    await api.close();
  });
});
