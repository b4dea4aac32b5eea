import { describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { captureIo } from "../../test/harness.js";
import { useLab } from "../../test/lab-hooks.js";
import { main } from "../cli/main.js";
import type { ScanReport } from "../engine/finding.js";
import { parseScanRequest, scanConfigOf, scanTarget } from "./scan.js";

const rulesOf = (r: ScanReport) => [...new Set(r.findings.map((f) => f.ruleId))].sort();
/** The report without what differs between two runs of one scan (when, and how long). */
const comparable = (r: ScanReport) => ({ ...r, startedAt: "", stats: { ...r.stats, durationMs: 0 } });

describe("the scan API", () => {
  const api = useLab(() => startRestApi({ hardened: false }));

  it("configures a scan exactly as the CLI does with the same options: the same report, byte for byte", async () => {
    const viaApi = await scanTarget({ target: api.apiUrl, seed: 3, skip: ["llm"], burst: 5, exposureDeep: true });
    const c = captureIo();
    await main(
      ["scan", api.apiUrl, "--seed", "3", "--skip", "llm", "--burst", "5", "--exposure-deep"].concat([
        "--format",
        "json",
        "--fail-on",
        "none",
      ]),
      c.io,
    );
    const viaCli = JSON.parse(c.stdout()) as ScanReport;
    expect(viaApi.findings.length).toBeGreaterThan(5);
    expect(rulesOf(viaApi)).toEqual(rulesOf(viaCli));
    expect(viaApi.stats.byCheck["resource-rate-limit-burst"]).toBe(5);
    expect(comparable(viaApi)).toEqual(comparable(viaCli));
  });

  it("takes every scan option the CLI has, and keeps to local callers what only they may do", async () => {
    const before = api.requests.length;
    const request = parseScanRequest({ target: api.apiUrl, judgeUrl: "http://127.0.0.1:9/v1/chat/completions" });
    expect(() => scanConfigOf(request)).toThrow(/judgeUrl is not accepted here/);
    expect(scanConfigOf(request, { allowJudge: true }).enrichers?.map((e) => e.name)).toContain("llm-recognition");
    expect(() => scanConfigOf(parseScanRequest({ target: api.apiUrl, server: "http://127.0.0.2:1/v2" }))).toThrow(
      /server must be a path or a URL on the scanned origin/,
    );
    expect(() => parseScanRequest({ target: api.apiUrl, llmRequest: { q: "no placeholder" } })).toThrow(
      /^llmRequest: must contain "\{\{prompt\}\}"/,
    );
    expect(() => parseScanRequest({ target: api.apiUrl, burst: 101 })).toThrow(/^burst: /);
    const optIns = scanConfigOf(
      parseScanRequest({ target: api.apiUrl, ssrfProbe: true, bflaDeep: true, exposureDeep: true, active: true }),
    );
    expect([...(optIns.enabled ?? [])].sort()).toEqual(["active", "bfla-deep", "exposure-deep", "ssrf-probe"]);
    expect(api.requests.length).toBe(before);
  });

  it("refuses bad input with one line before sending anything", async () => {
    const before = api.requests.length;
    expect(() => parseScanRequest({ target: api.apiUrl, budget: 0 })).toThrow(/^budget: /);
    expect(() => parseScanRequest({ target: api.apiUrl, verbose: true })).toThrow(/Unrecognized key/);
    await expect(scanTarget({ target: "ftp://x" })).rejects.toThrow(/unsupported scheme/);
    await expect(scanTarget({ target: api.apiUrl, spec: "/etc/passwd" })).rejects.toThrow(/URL on the scanned origin/);
    await expect(scanTarget({ target: api.apiUrl, spec: "http://127.0.0.2:1/openapi.json" })).rejects.toThrow(
      /not on the scanned origin/,
    );
    await expect(scanTarget({ target: api.apiUrl, only: ["no-such-check"] })).rejects.toThrow(/unknown check/);
    expect(api.requests.length).toBe(before);
  });

  it("stops early when its signal aborts and says why in a partial report", async () => {
    const controller = new AbortController();
    const scan = scanTarget(
      { target: api.apiUrl, skip: ["llm"] },
      { signal: controller.signal, onProgress: () => controller.abort("scan canceled") },
    );
    const report = await scan;
    expect(report.partial?.reason).toBe("scan canceled");
    const inconclusive = report.coverage.filter((c) => c.verdict === "inconclusive" || c.verdict === "error");
    expect(inconclusive.length).toBeGreaterThan(0);
  });
});
