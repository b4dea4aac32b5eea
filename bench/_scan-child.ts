/** Runs one default CLI scan (every check and layer) and prints wall time, requests and peak RSS as JSON (used by bench/scan.ts). */
import { main } from "../src/cli/main.js";

const [url, deadline = "30"] = process.argv.slice(2);
let out = "";
const started = performance.now();
await main(["scan", url, "--format", "json", "--deadline", deadline, "--fail-on", "none"], {
  stdout: (s) => {
    out += s;
  },
  stderr: () => undefined,
  isTTY: false,
});
const wallMs = Math.round(performance.now() - started);
const report = JSON.parse(out);
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
