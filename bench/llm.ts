/**
 * `npm run bench:llm`: the LLM suite against emulated LLM apps that answer every request after
 * 200 ms, once per tier. Prints wall time, target requests (all and LLM), findings and memory.
 */

import { type LlmLab, startNaiveBot, startPermissiveProxy } from "../lab/llm/servers.js";
import { CHECKS } from "../src/checks/index.js";
import { runScan } from "../src/engine/scan.js";
import { llmEnricher } from "../src/llm/enricher.js";
import type { Tier } from "../src/llm/types.js";

const LATENCY_MS = 200;
const LLM_CHECKS = CHECKS.filter((c) => c.meta.category === "llm");
const mb = (n: number) => Math.round(n / 1024 / 1024);

async function bench(label: string, startLab: () => Promise<LlmLab>, tier: Tier, concurrency = 8): Promise<void> {
  const lab = await startLab();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const report = await runScan({
    url: lab.chatUrl,
    checks: LLM_CHECKS,
    seed: 1,
    enrichers: [llmEnricher()],
    layers: { llm: { tier } },
    limits: { deadlineMs: 120_000, concurrency },
  });
  const wallMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  const heapDelta = mb(process.memoryUsage().heapUsed - heapBefore);
  const signed = `${heapDelta >= 0 ? "+" : ""}${heapDelta}`;
  await lab.close();
  console.log(
    `${label.padEnd(20)} ${tier.padEnd(8)} c=${String(concurrency).padEnd(2)} wall ${String(wallMs).padStart(6)} ms  requests ${String(report.stats.requests).padStart(3)} (llm ${String(report.stats.llmRequests).padStart(3)})  findings ${String(report.findings.length).padStart(2)}  heap ${signed} MB  peak RSS ${mb(peakRss)} MB${report.partial ? `  PARTIAL: ${report.partial.reason}` : ""}`,
  );
}

console.log(`LLM suite, every answer delayed ${LATENCY_MS} ms (Node ${process.version}); c = concurrency`);
for (const tier of ["quick", "standard", "deep"] as const) {
  await bench("OpenAI-compatible", () => startPermissiveProxy({ delayMs: LATENCY_MS }), tier);
  await bench("home-made JSON bot", () => startNaiveBot({ delayMs: LATENCY_MS }), tier);
}
// The quick tier's worst case: one request at a time.
await bench("OpenAI-compatible", () => startPermissiveProxy({ delayMs: LATENCY_MS }), "quick", 1);
