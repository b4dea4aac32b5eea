/**
 * Full scans (every registered check) of hosts that try to hurt the scanner. None may crash the
 * scan, push it past its deadline by more than 5 s, or make it send anything outside the origin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, startLab } from "../../lab/kit.js";
import { type HostileKind, startHostile } from "../../lab/servers/hostile.js";
import { CHECKS } from "../../src/checks/index.js";
import { main } from "../../src/cli/main.js";
import { ScanReport } from "../../src/engine/finding.js";
import { runScan } from "../../src/engine/scan.js";

const DEADLINE_MS = 4000;
const GRACE_MS = 5000;

describe("scans of hostile hosts", () => {
  let elsewhere: LabServer;
  beforeAll(async () => {
    // Another origin on loopback: the off-origin redirect points here, and it must never be asked anything.
    elsewhere = await startLab((_req, res) => {
      res.end("you should not be here");
    });
  });
  afterAll(() => elsewhere.close());

  for (const kind of ["hang", "endless", "gzip-bomb", "redirect-loop", "off-origin-redirect"] as HostileKind[]) {
    it(`${kind}: ends within the deadline plus 5 s, stays in scope, and reports`, async () => {
      const host = await startHostile(kind, elsewhere.origin);
      const started = Date.now();
      const report = await runScan({
        url: `${host.origin}/api/v1/items`,
        checks: CHECKS,
        limits: { deadlineMs: DEADLINE_MS },
      });
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + GRACE_MS);
      expect(ScanReport.parse(report)).toBeTruthy();
      expect(report.coverage.length).toBe(CHECKS.length);
      expect(elsewhere.requests).toEqual([]);
      await host.close();
    });
  }

  it("exits 2 with the reason when nothing could be tested", async () => {
    const host = await startHostile("hang");
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["scan", host.url, "--format", "json", "--deadline", "2"], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(JSON.parse(out.join("")).partial.reason).toMatch(/unreachable|deadline/);
    await host.close();
  });
});
