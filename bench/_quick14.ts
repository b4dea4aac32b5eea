import { startNaiveBot, startPermissiveProxy } from "../lab/llm/servers.js";
import { CHECKS } from "../src/checks/index.js";
import { runScan } from "../src/engine/scan.js";
import { llmEnricher } from "../src/llm/enricher.js";
for (const [label, s] of [["proxy", startPermissiveProxy], ["naive", startNaiveBot]] as const) {
  const lab = await s({ delayMs: 200 });
  const t0 = performance.now();
  const r = await runScan({ url: lab.chatUrl, checks: CHECKS, seed: 1, enrichers: [llmEnricher()], layers: { llm: { tier: "quick" } }, limits: { deadlineMs: 60000 } });
  console.log(label, Math.round(performance.now() - t0), "ms", r.stats.requests, r.stats.llmRequests);
  await lab.close();
}
