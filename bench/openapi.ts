/**
 * `npm run bench:openapi`: a generated 50-operation spec (40 GET, 5 POST, 5 DELETE; secured, with
 * path parameters, deprecated operations and schemas) scanned with every check against a lab
 * server on 127.0.0.1. Prints wall time, requests (total, per operation, against the bound of
 * 3 per operation plus the checks' own budgets) and memory; exits 1 when a target is missed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sendJson, startLab } from "../lab/kit.js";
import { CHECKS } from "../src/checks/index.js";
import { runScan } from "../src/engine/scan.js";
import { openapiEnricher } from "../src/openapi/enricher.js";
import { openapiExtension } from "../src/openapi/extension.js";

const RESOURCES = 20;
const WALL_TARGET_MS = 20_000;
const PER_OPERATION = 3;

function generatedSpec(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const item = { $ref: "#/components/schemas/Item" };
  for (let i = 1; i <= RESOURCES; i++) {
    const list: Record<string, unknown> = {
      get: {
        operationId: `list${i}`,
        deprecated: i % 10 === 0,
        parameters: [
          { name: "page", in: "query", required: i % 2 === 0, schema: { type: "integer", minimum: 1, maximum: 100 } },
        ],
        responses: {
          "200": { description: "list", content: { "application/json": { schema: { type: "array", items: item } } } },
        },
      },
    };
    if (i <= 5)
      list.post = {
        operationId: `create${i}`,
        requestBody: { content: { "application/json": { schema: item } } },
        responses: { "201": { description: "created" } },
      };
    const one: Record<string, unknown> = {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      get: {
        operationId: `get${i}`,
        responses: {
          "200": { description: "one", content: { "application/json": { schema: item } } },
          "404": { description: "none" },
        },
      },
    };
    if (i <= 5) one.delete = { operationId: `delete${i}`, responses: { "204": { description: "deleted" } } };
    paths[`/res${i}`] = list;
    paths[`/res${i}/{id}`] = one;
  }
  return {
    openapi: "3.0.3",
    info: { title: "Bench API", version: "1" },
    servers: [{ url: "/api/bench" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Item: {
          type: "object",
          required: ["id", "name"],
          properties: {
            id: { type: "integer" },
            name: { type: "string", maxLength: 50 },
            parent: { $ref: "#/components/schemas/Item" },
          },
        },
      },
    },
  };
}

async function main(): Promise<void> {
  const spec = generatedSpec();
  const file = path.join(mkdtempSync(path.join(tmpdir(), "rampart-bench-")), "bench.json");
  writeFileSync(file, JSON.stringify(spec));
  const operationCount = Object.values(spec.paths as Record<string, Record<string, unknown>>).flatMap((item) =>
    Object.keys(item).filter((k) => k !== "parameters"),
  ).length;
  const lab = await startLab((req, res) => {
    const m = /^\/api\/bench\/res(\d+)(?:\/(\d+))?$/.exec(req.path);
    if (!m) return sendJson(res, 404, { error: "not found" });
    if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { error: "method not allowed" });
    const item = (id: number) => ({ id, name: `item ${id}` });
    sendJson(res, 200, m[2] ? item(Number(m[2])) : [item(1), item(2)]);
  });

  const started = performance.now();
  const report = await runScan({
    url: `${lab.origin}/`,
    checks: CHECKS,
    seed: 1,
    limits: { budget: 5000, deadlineMs: 60_000 },
    enrichers: [openapiEnricher({ spec: file })],
  });
  const wallMs = Math.round(performance.now() - started);
  await lab.close();

  const counts = openapiExtension.read(report)?.counts;
  if (!counts) throw new Error("the OpenAPI layer published no coverage");
  const coverage = { counts };
  const perOperation = new Map<string, number>();
  for (const r of lab.requests) {
    const m = /^\/api\/bench\/res\d+(?:\/[^/?]+)?/.exec(r.url.split("?")[0]);
    if (m) perOperation.set(`${r.method} ${m[0]}`, (perOperation.get(`${r.method} ${m[0]}`) ?? 0) + 1);
  }
  // The engine's own share per operation: the baseline and the anonymous auth probe.
  const engineShare = (report.stats.byCheck.baseline ?? 0) + (report.stats.byCheck["openapi-auth-not-enforced"] ?? 0);
  const checkBudgets = CHECKS.reduce((sum, c) => sum + (c.meta.phase === "passive" ? 0 : c.meta.maxRequests), 0);
  const layerBudget = openapiEnricher({ spec: file }).maxRequests + 6; // + soft-404 calibration
  const bound = PER_OPERATION * operationCount + checkBudgets + layerBudget;
  const nonSafe = lab.requests.filter((r) => !["GET", "HEAD", "OPTIONS"].includes(r.method));
  const postBudgetUsed = report.coverage
    .filter((c) => CHECKS.find((k) => k.meta.id === c.check)?.meta.methods.includes("POST"))
    .reduce((sum, c) => sum + c.requests, 0);
  const usage = process.resourceUsage();
  const memory = process.memoryUsage();

  console.log(
    `spec: ${operationCount} operations (${coverage.counts.tested} tested, ${coverage.counts.skipped} skipped: POST/DELETE never sent)`,
  );
  console.log(`wall time: ${wallMs} ms (target < ${WALL_TARGET_MS} ms)`);
  console.log(`requests: ${report.stats.requests} total, ${lab.requests.length} received by the lab`);
  console.log(
    `  baseline + auth probe: ${engineShare} (${(engineShare / coverage.counts.tested).toFixed(2)} per tested operation, limit ${PER_OPERATION})`,
  );
  console.log(`  busiest operation: ${Math.max(...perOperation.values())} requests over all checks`);
  console.log(
    `  bound: ${PER_OPERATION} x ${operationCount} + check budgets ${checkBudgets} + layer ${layerBudget} = ${bound}`,
  );
  console.log(
    `  non-GET/HEAD/OPTIONS requests received: ${nonSafe.length} (${[...new Set(nonSafe.map((r) => r.method))].join(", ") || "none"}; checks that declare a benign POST sent ${postBudgetUsed} requests in all)`,
  );
  console.log(
    `memory: peak RSS ${Math.round(usage.maxRSS / 1024)} MB, heap used ${Math.round(memory.heapUsed / 1024 / 1024)} MB`,
  );
  console.log(
    `findings: ${report.findings.length}, grade ${report.grade}${report.partial ? `, partial: ${report.partial.reason}` : ""}`,
  );
  const ok =
    wallMs < WALL_TARGET_MS &&
    report.stats.requests <= bound &&
    engineShare <= PER_OPERATION * coverage.counts.tested &&
    nonSafe.every((r) => r.method === "POST") &&
    nonSafe.length <= postBudgetUsed;
  console.log(ok ? "PASS" : "FAIL");
  if (!ok) process.exitCode = 1;
}

await main();
