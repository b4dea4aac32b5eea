/**
 * `npm run demo`: starts the lab's vulnerable API on 127.0.0.1 and scans it with the real CLI.
 * Extra arguments go to `rampart scan` (e.g. `npm run demo -- --format json`).
 */
import { main } from "../src/cli/main.js";
import { startRestApi } from "./rest/index.js";

const api = await startRestApi({ hardened: process.argv.includes("--hardened") });
const args = process.argv.slice(2).filter((a) => a !== "--hardened");
process.stderr.write(`lab: vulnerable API listening at ${api.origin}\n`);
const code = await main(["scan", api.apiUrl, ...args]);
await api.close();
// The demo is meant to show findings: a failed gate is the expected outcome, not an error.
process.exitCode = code === 2 ? 2 : 0;
