/** Ctrl-C and SIGTERM on a real `rampart` process: the partial report is written, exit 130/143. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../lab/kit.js";
import { startSlowHost } from "../../lab/servers/unwell.js";
import { ScanReport } from "../../src/engine/finding.js";
import { tempDir } from "../report/cli.js";

interface Ended {
  code: number | null;
  stderr: string;
  ms: number;
}

function startCli(args: string[]): { child: ChildProcess; ended: Promise<Ended>; stderr: () => string } {
  const child = spawn(process.execPath, ["bin/rampart.js", ...args], {
    env: { ...process.env, RAMPART_FROM_SOURCE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.resume();
  let signalledAt = 0;
  const kill = child.kill.bind(child);
  child.kill = (sig?: NodeJS.Signals | number) => {
    signalledAt ||= Date.now();
    return kill(sig);
  };
  const ended = new Promise<Ended>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr, ms: Date.now() - signalledAt })),
  );
  return { child, ended, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting for the scan to start");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("interrupting a scan", () => {
  let slow: LabServer;
  beforeAll(async () => {
    slow = await startSlowHost(300);
  });
  afterAll(() => slow.close());

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} mid-scan writes the partial report to --output and exits ${code}`, async () => {
      const out = path.join(tempDir(), "scan.json");
      const seen = slow.requests.length;
      const cli = startCli(["scan", slow.url, "--deadline", "60", "--format", "json", "--output", out]);
      // Mid-scan: the target has seen the scan's first requests.
      await until(() => slow.requests.length > seen);
      cli.child.kill(signal);
      const atSignal = slow.requests.length;
      const ended = await cli.ended;
      console.log(`${signal}: exited ${ended.ms} ms after the signal`);
      expect(ended.code).toBe(code);
      expect(ended.ms).toBeLessThan(5000);
      // No new request starts after the signal: only those already on their way (at most the concurrency) arrive.
      expect(slow.requests.length - atSignal).toBeLessThanOrEqual(8);
      expect(existsSync(out)).toBe(true);
      const report = ScanReport.parse(JSON.parse(readFileSync(out, "utf8")));
      expect(report.partial?.reason).toBe(`scan interrupted by ${signal}`);
      expect(ended.stderr).toContain(`rampart: ${signal}: stopping the scan and writing the partial report`);
      expect(ended.stderr).toContain(`partial report written to ${out}`);
    }, 30_000);
  }

  it("a second Ctrl-C exits at once", async () => {
    const out = path.join(tempDir(), "scan.json");
    const seen = slow.requests.length;
    const cli = startCli(["scan", slow.url, "--deadline", "60", "--format", "json", "--output", out]);
    await until(() => slow.requests.length > seen);
    cli.child.kill("SIGINT");
    await until(() => cli.stderr().includes("stopping the scan"));
    cli.child.kill("SIGINT");
    const ended = await cli.ended;
    expect(ended.code).toBe(130);
    expect(ended.stderr).toContain("SIGINT again: exiting now");
  }, 30_000);
});
