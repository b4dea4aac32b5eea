/**
 * `npm run bench`: scans the lab's vulnerable API and its hardened twin several times, then the
 * hostile hosts once each, every scan in its own process so peak memory is the scan's own.
 * Prints median wall time, requests and peak RSS; also times `rampart --help`.
 */
import { execFileSync } from "node:child_process";
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

function scanInChild(url: string, deadlineSeconds = 30): Promise<Run> {
  return new Promise((resolve, reject) => {
    import("node:child_process").then(({ execFile }) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "bench/_scan-child.ts", url, String(deadlineSeconds)],
        (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as Run)),
      ),
    );
  });
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
  const started = performance.now();
  const run = await scanInChild(host.url, deadlineSeconds);
  const overshoot = Math.round(performance.now() - started) - deadlineSeconds * 1000;
  await host.close();
  console.log(
    `hostile ${kind.padEnd(20)} wall ${String(run.wallMs).padStart(5)} ms (deadline ${deadlineSeconds} s, overshoot ${Math.max(0, run.wallMs - deadlineSeconds * 1000)} ms)  requests ${run.requests}  peak RSS ${run.maxRssMB} MB  ${run.partial ?? ""}`,
  );
  void overshoot;
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
