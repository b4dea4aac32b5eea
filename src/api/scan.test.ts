import { describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { captureIo } from "../../test/harness.js";
import { useLab } from "../../test/lab-hooks.js";
import { main } from "../cli/main.js";
import type { ScanReport } from "../engine/finding.js";
import { parseScanRequest, scanTarget } from "./scan.js";

const rulesOf = (r: ScanReport) => [...new Set(r.findings.map((f) => f.ruleId))].sort();

describe("the scan API", () => {
  const api = useLab(() => startRestApi({ hardened: false }));

  it("configures a scan exactly as the CLI does with the same options", async () => {
    const viaApi = await scanTarget({ target: api.apiUrl, seed: 3, skip: ["llm"] });
    const c = captureIo();
    await main(["scan", api.apiUrl, "--seed", "3", "--skip", "llm", "--format", "json", "--fail-on", "none"], c.io);
    const viaCli = JSON.parse(c.stdout()) as ScanReport;
    expect(viaApi.findings.length).toBeGreaterThan(5);
    expect(rulesOf(viaApi)).toEqual(rulesOf(viaCli));
    expect(viaApi.score).toBe(viaCli.score);
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
