/**
 * `npm run demo:llm`: starts the lab's naive LLM chatbot on 127.0.0.1 and scans it with the real
 * CLI (LLM suite, quick tier). Extra arguments go to `rampart scan` (e.g. `-- --llm-tier standard`).
 */
import { main } from "../src/cli/main.js";
import { startNaiveBot } from "./llm/servers.js";

const bot = await startNaiveBot();
process.stderr.write(`lab: naive LLM chatbot listening at ${bot.chatUrl}\n`);
const code = await main(["scan", bot.chatUrl, "--only", "llm", ...process.argv.slice(2)]);
await bot.close();
// The demo is meant to show findings: a failed gate is the expected outcome, not an error.
process.exitCode = code === 2 ? 2 : 0;
