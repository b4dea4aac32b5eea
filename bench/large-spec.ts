/**
 * `npx tsx bench/large-spec.ts [operations]`: a generated spec of 10,000 operations (no
 * `servers`, like many real exports) scanned through the CLI against a lab server on 127.0.0.1
 * whose API lives under /api. Prints wall time, peak RSS, requests, the terminal summary's line
 * count and which base the scan used; exits 1 above 300 MB or when the summary runs long.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sendJson, startLab } from "../lab/kit.js";
import { main } from "../src/cli/main.js";
import { tempDir } from "../test/report/cli.js";

const OPERATIONS = Number(process.argv[2] ?? 10_000);
const MAX_RSS_MB = 300;
const MAX_SUMMARY_LINES = 120;

export function largeSpec(operations: number): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < operations; i++) {
    const resource = `/resource${Math.floor(i / 4)}`;
    const at = i % 4 < 2 ? resource : `${resource}/{id}`;
    const method = i % 2 === 0 ? "get" : i % 4 === 1 ? "post" : "delete";
    paths[at] ??= {};
    paths[at][method] = {
      operationId: `op${i}`,
      summary: `Operation ${i} with a long description that real generators copy into every operation`,
      description: "Returns the resource. ".repeat(20),
      parameters: [
        ...(at.includes("{id}") ? [{ name: "id", in: "path", required: true, schema: { type: "integer" } }] : []),
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
      ],
      responses: {
        "200": {
          description: "ok",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } },
        },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "big", version: "1" },
    paths,
    components: {
      schemas: { Item: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } } },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await startLab((req, res) => {
    if (/^\/resource\d+(\/\d+)?$/.test(req.path)) sendJson(res, 200, { id: 1, name: "x" });
    else sendJson(res, 404, { error: "not found" });
  });
  const file = path.join(tempDir("rampart-bench-"), "big.json");
  writeFileSync(file, JSON.stringify(largeSpec(OPERATIONS)));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  let out = "";
  let err = "";
  const started = performance.now();
  const code = await main(["scan", `${lab.origin}/api`, "--spec", file, "--fail-on", "none", "--deadline", "60"], {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    isTTY: false,
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const lines = out.trimEnd().split("\n");
  console.log(
    JSON.stringify({
      operations: OPERATIONS,
      exit: code,
      wallMs: Math.round(performance.now() - started),
      peakRssMb: Math.round(peak / 1e6),
      labRequests: lab.requests.length,
      summaryLines: lines.length,
      lastLine: lines.at(-1),
      stderr: err.trim().split("\n").slice(-3),
    }),
  );
  await lab.close();
  process.exitCode = peak / 1e6 > MAX_RSS_MB || lines.length > MAX_SUMMARY_LINES ? 1 : 0;
}
