/**
 * `npm run bench:llm` (`-- --quick` for the quick tier only): the LLM suite against emulated
 * LLM apps that answer every request after 200 ms. Prints wall time, target requests (all and
 * LLM), findings, tokens the suite made the target process with their estimated cost, and memory.
 */

import {
  type LlmLab,
  startCannedBot,
  startFieldIgnoringBot,
  startModelGateway,
  startNaiveBot,
  startPermissiveProxy,
} from "../lab/llm/servers.js";
import { CHECKS } from "../src/checks/index.js";
import type { Check } from "../src/engine/check.js";
import { runScan } from "../src/engine/scan.js";
import { llmEnricher } from "../src/llm/enricher.js";
import { llmExtension } from "../src/llm/extension.js";
import { llmOption } from "../src/llm/options.js";
import type { Tier } from "../src/llm/types.js";

const LATENCY_MS = 200;
const LLM_CHECKS = CHECKS.filter((c) => c.meta.category === "llm");
const mb = (n: number) => Math.round(n / 1024 / 1024);
const latency = { delayMs: LATENCY_MS };

async function bench(
  label: string,
  startLab: () => Promise<LlmLab>,
  tier: Tier,
  o: { concurrency?: number; checks?: readonly Check[] } = {},
): Promise<void> {
  const concurrency = o.concurrency ?? 8;
  const lab = await startLab();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const report = await runScan({
    url: lab.chatUrl,
    checks: o.checks ?? LLM_CHECKS,
    seed: 1,
    enrichers: [llmEnricher()],
    layers: llmOption.entry({ tier }),
    limits: { deadlineMs: 120_000, concurrency },
  });
  const wallMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  const heapDelta = mb(process.memoryUsage().heapUsed - heapBefore);
  const signed = `${heapDelta >= 0 ? "+" : ""}${heapDelta}`;
  await lab.close();
  const spend = llmExtension.read(report)?.spend;
  console.log(
    `${label.padEnd(24)} ${tier.padEnd(8)} c=${String(concurrency).padEnd(2)} wall ${String(wallMs).padStart(6)} ms  requests ${String(report.stats.requests).padStart(3)} (llm ${String(report.stats.llmRequests).padStart(3)})  findings ${String(report.findings.length).padStart(2)}  out-tokens ${String(spend?.completionTokens ?? 0).padStart(5)} ~$${(spend?.estimatedCostUsd ?? 0).toFixed(4)}  heap ${signed} MB  peak RSS ${mb(peakRss)} MB${report.partial ? `  PARTIAL: ${report.partial.reason}` : ""}`,
  );
}

const quickOnly = process.argv.includes("--quick");
console.log(`LLM suite, every answer delayed ${LATENCY_MS} ms (Node ${process.version}); c = concurrency`);
for (const tier of quickOnly ? (["quick"] as const) : (["quick", "standard", "deep"] as const)) {
  await bench("OpenAI-compatible", () => startPermissiveProxy(latency), tier);
  await bench("home-made JSON bot", () => startNaiveBot(latency), tier);
}
await bench("field-ignoring bot", () => startFieldIgnoringBot(latency), "quick");
await bench("canned topic-locked bot", () => startCannedBot(latency), "quick");
await bench("model gateway", () => startModelGateway("provider", latency), "quick");
// The whole scan: the REST checks run alongside the LLM probes.
await bench("OpenAI-compat. all checks", () => startPermissiveProxy(latency), "quick", { checks: CHECKS });
await bench("home-made bot all checks", () => startNaiveBot(latency), "quick", { checks: CHECKS });
// The quick tier's worst case: one request at a time.
await bench("OpenAI-compatible", () => startPermissiveProxy(latency), "quick", { concurrency: 1 });
