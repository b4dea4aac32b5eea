/**
 * `npx tsx bench/mcp.ts`: the real `rampart mcp` process over stdio (from source), driven by the MCP
 * SDK's client against the lab REST API on 127.0.0.1. Prints the start-up time and, per tool call,
 * its latency and the size of its answer: the text an agent reads and the whole JSON-RPC result.
 */
import { readFileSync } from "node:fs";
import { startRestApi } from "../lab/rest/index.js";
import { connectStdio, textOf } from "../test/mcp/client.js";

const api = await startRestApi({ hardened: false });
const started = performance.now();
const mcp = await connectStdio(["--allow-target", `127.0.0.1:${api.port}`]);
console.log(`start + initialize: ${Math.round(performance.now() - started)} ms`);

async function timed(name: string, args: Record<string, unknown>, label = name) {
  const t = performance.now();
  const result = await mcp.call(name, args);
  const ms = Math.round(performance.now() - t);
  // The text content is what an agent reads; the message on the wire also carries structuredContent.
  const text = Buffer.byteLength(textOf(result));
  const wire = Buffer.byteLength(JSON.stringify(result));
  console.log(
    `${label.padEnd(28)} ${String(ms).padStart(6)} ms ${String(text).padStart(8)} B text ${String(wire).padStart(8)} B message${result.isError ? " (error)" : ""}`,
  );
  return result;
}

try {
  const t = performance.now();
  const { tools } = await mcp.client.listTools();
  console.log(
    `${"tools/list".padEnd(28)} ${String(Math.round(performance.now() - t)).padStart(6)} ms ${String(Buffer.byteLength(JSON.stringify(tools))).padStart(9)} bytes`,
  );
  const scan = await timed("scan", { target: api.apiUrl }, "scan (first, cold)");
  const { scanId } = scan.structuredContent as { scanId: string };
  await timed("scan", { target: api.apiUrl }, "scan (warm)");
  await timed("scan", { target: `http://127.0.0.1:${api.port + 1}/` }, "scan (refused)");
  for (const format of ["json", "sarif", "markdown", "html", "junit"])
    await timed("get_report", { scanId, format }, `get_report ${format}`);
  await timed("list_findings", { scanId }, "list_findings (20)");
  await timed("list_findings", { scanId, minSeverity: "high" }, "list_findings high+");
  await timed("explain_finding", { ruleId: "cors-origin-reflected" });
  await timed("list_checks", {});
  await timed("diff", { base: scanId, head: scanId });
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${mcp.pid}/status`, "utf8"))?.[1] ?? 0) >> 10;
  const before = rss();
  const loopStart = performance.now();
  for (let i = 0; i < 60; i++) await mcp.call("scan", { target: api.apiUrl, seed: i });
  console.log(
    `60 more scans: ${Math.round((performance.now() - loopStart) / 60)} ms each; server RSS ${before} MB -> ${rss()} MB (store keeps 50)`,
  );
} finally {
  await mcp.close();
  await api.close();
}
