/**
 * `npm run demo:guard`: the proof loop by hand. Starts the weak travel-desk app and the same app
 * behind Rampart Guard on 127.0.0.1, scans both with the real CLI, and prints which findings the
 * guard removed and the guard setting behind each. Extra arguments go to both scans.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { guardFixesFor } from "../../src/detect/guard-fixes.js";
import type { ScanReport } from "../../src/engine/finding.js";
import { GUARD_LAB_KEY, labPolicy, startGuardedApp, startWeakApp } from "./weak-app.js";

const dir = mkdtempSync(path.join(tmpdir(), "rampart-guard-demo-"));
const quiet = { stdout: () => {}, stderr: (s: string) => process.stderr.write(s), isTTY: false };

async function scan(url: string, token: string, name: string): Promise<ScanReport> {
  const file = path.join(dir, `${name}.json`);
  const args = ["scan", url, "--auth", `bearer:${token}`, "--format", "json", "--output", file, "--fail-on", "none"];
  await main([...args, "-q", ...process.argv.slice(2)], quiet);
  return JSON.parse(readFileSync(file, "utf8")) as ScanReport;
}

const app = await startWeakApp();
const guarded = await startGuardedApp(labPolicy(), app);
process.stderr.write(`lab: weak app at ${app.origin}, guarded at ${guarded.proxy.url}\n`);
const direct = await scan(`${app.origin}/`, "any-token-works", "direct");
const through = await scan(`${guarded.proxy.url}/`, GUARD_LAB_KEY, "guarded");
const ids = (r: ScanReport) => new Set(r.findings.map((f) => f.ruleId));
const after = ids(through);
console.log(`direct: score ${direct.score} (${direct.grade}), ${direct.findings.length} findings`);
console.log(`guarded: score ${through.score} (${through.grade}), ${through.findings.length} findings\n`);
for (const rule of [...ids(direct)].sort()) {
  const settings = [...new Set(guardFixesFor(rule).map((f) => f.setting))].join(", ");
  console.log(`${(after.has(rule) ? "still found" : "gone").padEnd(12)} ${rule.padEnd(36)} ${settings}`);
}
await guarded.close();
await app.close();
