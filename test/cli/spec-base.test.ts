/** A spec file without `servers`, scanned at a URL with a path: both bases are tried, the one that answers is used. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, startLab } from "../../lab/kit.js";
import { rampart, tempDir } from "../report/cli.js";

const SPEC = {
  openapi: "3.0.3",
  info: { title: "orders", version: "1" },
  paths: {
    "/orders": { get: { responses: { "200": { description: "ok" } } } },
    "/orders/{id}": {
      get: {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "200": { description: "ok" } },
      },
    },
  },
};

interface OpenApiExtension {
  basePath: string;
  basePathFrom: string;
  operations: { path: string; response?: number }[];
}

describe("spec paths without servers", () => {
  let atRoot: LabServer;
  let underApi: LabServer;
  const file = path.join(tempDir(), "orders.json");
  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(SPEC));
    // One API serves the spec's paths at the origin, the other under /api/v1 (a gateway prefix).
    atRoot = await startLab((req, res) =>
      /^\/orders(\/\d+)?$/.test(req.path) ? sendJson(res, 200, { id: 1 }) : sendJson(res, 404, { error: "nope" }),
    );
    underApi = await startLab((req, res) =>
      /^\/api\/v1\/orders(\/\d+)?$/.test(req.path)
        ? sendJson(res, 200, { id: 1 })
        : sendJson(res, 404, { error: "nope" }),
    );
  });
  afterAll(() => Promise.all([atRoot.close(), underApi.close()]));

  async function scan(url: string): Promise<{ ext: OpenApiExtension; summary: string }> {
    const dir = tempDir();
    const run = await rampart(
      "scan",
      url,
      "--spec",
      file,
      "--only",
      "inventory",
      "--fail-on",
      "none",
      "--format",
      "json,summary",
      "--output-dir",
      dir,
    );
    expect(run.code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const report = JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8"));
    return { ext: report.extensions.openapi, summary: readFileSync(path.join(dir, "rampart.txt"), "utf8") };
  }

  it("resolves against the origin when that is where the API answers, and says so", async () => {
    const { ext, summary } = await scan(`${atRoot.origin}/api`);
    expect(ext.basePath).toBe("/");
    expect(ext.basePathFrom).toMatch(
      /^no servers in the spec: paths resolve against the origin \(2 of 2 sample operations answer there, 0 under \/api\)$/,
    );
    expect(ext.operations.map((o) => [o.path, o.response])).toEqual([
      ["/orders", 200],
      ["/orders/{id}", 200],
    ]);
    expect(summary).toContain("paths under / (no servers in the spec");
  });

  it("uses the scanned path when the API answers there", async () => {
    const { ext } = await scan(`${underApi.origin}/api/v1`);
    expect(ext.basePath).toBe("/api/v1");
    expect(ext.basePathFrom).toMatch(/its paths answer under the scanned path \/api\/v1 \(2 of 2 sample operations\)/);
    expect(ext.operations.every((o) => o.response === 200)).toBe(true);
  });
});
