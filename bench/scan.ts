/**
 * `npm run bench`: scans the lab's vulnerable API and its hardened twin several times, then the
 * hostile hosts once each, each scan by the compiled CLI in its own process (wall time includes
 * the process start), so peak memory is the scan's own. Prints median wall time, requests and
 * peak RSS; also times `rampart --help`.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { startRestApi } from "../lab/rest/index.js";
import { type HostileKind, startHostile } from "../lab/servers/hostile.js";

interface Run {
  wallMs: number;
  requests: number;
  findings: number;
  grade: string;
  partial: string | null;
  maxRssMB: number;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** One default scan by the compiled CLI in its own process (as a user runs it), measured from outside. */
function scanInChild(url: string, deadlineSeconds = 30): Promise<Run> {
  const args = ["--import", "./bench/_rss-probe.mjs", "bin/rampart.js", "scan", url, "--format", "json"];
  args.push("--deadline", String(deadlineSeconds), "--fail-on", "none", "--quiet");
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const rss = /peak-rss-mb (\d+)/.exec(stderr);
      if (!stdout || !rss) return reject(err ?? new Error(stderr));
      const report = JSON.parse(stdout);
      resolve({
        wallMs: Math.round(performance.now() - started),
        requests: report.stats.requests,
        findings: report.findings.length,
        grade: report.grade,
        partial: report.partial?.reason ?? null,
        maxRssMB: Number(rss[1]),
      });
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function benchApi(label: string, hardened: boolean): Promise<void> {
  const api = await startRestApi({ hardened });
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await scanInChild(api.apiUrl));
  await api.close();
  console.log(
    `${label.padEnd(22)} median ${String(median(runs.map((r) => r.wallMs))).padStart(5)} ms  requests ${median(runs.map((r) => r.requests))}  findings ${runs[0].findings}  grade ${runs[0].grade}  peak RSS ${Math.max(...runs.map((r) => r.maxRssMB))} MB  (${RUNS} runs)`,
  );
}

async function benchHostile(kind: HostileKind, deadlineSeconds: number): Promise<void> {
  const host = await startHostile(kind);
  const run = await scanInChild(host.url, deadlineSeconds);
  await host.close();
  console.log(
    `hostile ${kind.padEnd(20)} wall ${String(run.wallMs).padStart(5)} ms (deadline ${deadlineSeconds} s, overshoot ${Math.max(0, run.wallMs - deadlineSeconds * 1000)} ms)  requests ${run.requests}  peak RSS ${run.maxRssMB} MB  ${run.partial ?? ""}`,
  );
}

function benchHelp(): void {
  if (!existsSync("dist/cli/main.js")) {
    console.log("rampart --help: skipped timing (run npm run build first)");
    return;
  }
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ["bin/rampart.js", "--help"]);
    times.push(performance.now() - t);
  }
  console.log(`rampart --help         median ${Math.round(median(times))} ms (5 runs, compiled CLI)`);
}

benchHelp();
await benchApi("vulnerable API", false);
await benchApi("hardened API", true);
for (const kind of ["hang", "endless", "gzip-bomb", "redirect-loop", "off-origin-redirect"] as const)
  await benchHostile(kind, 10);
