/** Runs one scan with every check and prints its wall time, requests and peak RSS as JSON (used by bench/scan.ts). */
import { CHECKS } from "../src/checks/index.js";
import { runScan } from "../src/engine/scan.js";

const [url, deadline = "30"] = process.argv.slice(2);
const started = performance.now();
const report = await runScan({ url, checks: CHECKS, seed: 1, limits: { deadlineMs: Number(deadline) * 1000 } });
const wallMs = Math.round(performance.now() - started);
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    requests: report.stats.requests,
    findings: report.findings.length,
    grade: report.grade,
    partial: report.partial?.reason ?? null,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
