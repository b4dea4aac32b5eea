/**
 * The scan service against the CLI: N concurrent scans of lab targets submitted over the API (embedded
 * mode, in-process workers) vs the same scans as N concurrent `rampart scan` processes. Prints
 * throughput, p50/p95 time to done, and the API overhead per scan (time to done minus the scan's own
 * duration, measured one scan at a time so queueing is not counted as overhead).
 *
 *   npm run bench:service -- [--scans 20] [--workers 4]
 * (`npm run build` first so the CLI runs compiled, as users run it.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type RestApi, startRestApi } from "../lab/rest/index.js";
import { createLogger } from "../src/server/log.js";
import { createToken, startService } from "../src/server/service.js";
import { callApi } from "../test/server/helpers.js";

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SCANS = arg("scans", 20);
const WORKERS = arg("workers", 4);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (n: number) => `${Math.round(n)} ms`;

async function main() {
  const labs: RestApi[] = [];
  for (let i = 0; i < SCANS; i++) labs.push(await startRestApi({ hardened: i % 2 === 1 }));
  const dataDir = mkdtempSync(path.join(tmpdir(), "rampart-bench-svc-"));
  const service = await startService({
    host: "127.0.0.1",
    port: 0,
    dataDir,
    workers: WORKERS,
    allowTargets: ["127.0.0.1"],
    webRoot: path.join(dataDir, "none"),
    requestsPerMinute: 1_000_000,
    burstPerSecond: 100_000,
    log: createLogger({ level: "warn" }),
  });
  const token = await createToken({ dataDir }, "bench");
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  async function viaService(target: string): Promise<{ doneMs: number; scanMs: number; requests: number }> {
    const started = performance.now();
    const submitted = await callApi(service.url, "POST", "/v1/scans", token, { target });
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${submitted.text}`);
    for (;;) {
      const r = await callApi(service.url, "GET", `/v1/scans/${submitted.json.id}`, token);
      if (r.json.status === "done" || r.json.status === "failed") {
        const doneMs = performance.now() - started;
        const report = (await callApi(service.url, "GET", `/v1/scans/${submitted.json.id}/report`, token)).json;
        return { doneMs, scanMs: report.stats.durationMs, requests: report.stats.requests };
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  // Warm-up: the first scan pays for module loading.
  await viaService(labs[0].apiUrl);

  const overhead: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await viaService(labs[i % labs.length].apiUrl);
    overhead.push(r.doneMs - r.scanMs);
  }

  const t0 = performance.now();
  const results = await Promise.all(labs.map((l) => viaService(l.apiUrl)));
  const serviceWall = performance.now() - t0;
  clearInterval(sampler);
  await service.close();

  const cliTimes: number[] = [];
  const c0 = performance.now();
  await Promise.all(
    labs.map(async (l) => {
      const s = performance.now();
      await run(process.execPath, ["bin/rampart.js", "scan", l.apiUrl, "--format", "json", "-q"], {
        maxBuffer: 64 * 1024 * 1024,
      }).catch((e: { stdout?: string }) => e);
      cliTimes.push(performance.now() - s);
    }),
  );
  const cliWall = performance.now() - c0;

  for (const l of labs) await l.close();
  rmSync(dataDir, { recursive: true, force: true });

  const doneTimes = results.map((r) => r.doneMs);
  const rows = [
    ["", "service", "CLI"],
    [`${SCANS} concurrent scans, wall`, ms(serviceWall), ms(cliWall)],
    [
      "throughput",
      `${((SCANS / serviceWall) * 1000).toFixed(2)} scans/s`,
      `${((SCANS / cliWall) * 1000).toFixed(2)} scans/s`,
    ],
    ["p50 time to done", ms(quantile(doneTimes, 0.5)), ms(quantile(cliTimes, 0.5))],
    ["p95 time to done", ms(quantile(doneTimes, 0.95)), ms(quantile(cliTimes, 0.95))],
  ];
  for (const r of rows) console.log(`${r[0].padEnd(30)} ${r[1].padEnd(16)} ${r[2]}`);
  console.log(
    `API overhead per scan (one at a time, done minus scan duration): median ${ms(quantile(overhead, 0.5))}, max ${ms(Math.max(...overhead))}`,
  );
  console.log(
    `service workers ${WORKERS}; requests per scan ${Math.min(...results.map((r) => r.requests))}-${Math.max(...results.map((r) => r.requests))}; peak RSS of the service process ${(peakRss / 1024 / 1024).toFixed(0)} MB`,
  );
  const worst = Math.max(...overhead);
  if (worst > 200) {
    console.error(`bench: API overhead ${ms(worst)} is above the 200 ms target`);
    process.exitCode = 1;
  }
}

await main();
