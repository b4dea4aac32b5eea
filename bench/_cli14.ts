import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { startPermissiveProxy, startNaiveBot } from "../lab/llm/servers.js";
for (const st of [startPermissiveProxy, startNaiveBot]) {
  const lab = await st({ delayMs: 200 });
  const t0 = performance.now();
  const code = await new Promise((res) => {
    const p = spawn("node", ["bin/rampart.js", "scan", lab.chatUrl, "--format", "json", "--output", "/tmp/r14.json", "-q"], { stdio: ["ignore", "ignore", "inherit"] });
    p.on("exit", res);
  });
  const r = JSON.parse(readFileSync("/tmp/r14.json", "utf8"));
  console.log(Math.round(performance.now() - t0), "ms exit", code, "scan durationMs", r.stats.durationMs, "llm", r.stats.llmRequests);
  await lab.close();
}
