/**
 * `rampart mcp --http` (Streamable HTTP) driven by the MCP SDK's own client: the bearer token is
 * required (missing or wrong: 401, and no tool runs), a scan of an allowed lab target works and
 * streams progress, a foreign Host header is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { useLabs } from "../lab-hooks.js";
import { connectHttp, type HttpProcess, startHttpProcess, textOf } from "./client.js";

const TOKEN = "http-test-token-5b0d7e91c2a4f863";

describe("rampart mcp --http", () => {
  const labs = useLabs({ api: () => startRestApi({ hardened: false }) });
  let server: HttpProcess;
  beforeAll(async () => {
    server = await startHttpProcess(
      ["--allow-target", `127.0.0.1:${labs.api.port}`, "--token-env", "RAMPART_MCP_TOKEN"],
      {
        RAMPART_MCP_TOKEN: TOKEN,
      },
    );
  });
  afterAll(() => server?.close());

  it("listens on 127.0.0.1 and never prints a token it was given", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it("rejects a missing or wrong bearer token with 401 before any tool runs", async () => {
    await expect(connectHttp(server.url)).rejects.toMatchObject({ code: 401 });
    await expect(connectHttp(server.url, `${TOKEN}x`)).rejects.toMatchObject({ code: 401 });
    const before = labs.api.requests.length;
    const raw = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "scan", arguments: { target: labs.api.apiUrl } },
      }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(labs.api.requests.length).toBe(before);
  });

  it("refuses a Host header that is not this machine (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, {
        method: "POST",
        headers: { host: "attacker.example:80", authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end("{}");
    });
    expect(status).toBe(403);
  });

  it("scans an allowed target with the right token and streams progress", async () => {
    const mcp = await connectHttp(server.url, TOKEN);
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["scan", "get_report", "explain_finding"]));
      const progress: number[] = [];
      const result = await mcp.call("scan", { target: labs.api.apiUrl, skip: ["llm"] }, (p) => progress.push(p));
      expect(result.isError).toBeFalsy();
      const summary = result.structuredContent as { scanId: string; top: { ruleId: string }[] };
      expect(summary.top.map((f) => f.ruleId)).toContain("cors-origin-reflected");
      expect(progress.length).toBeGreaterThan(3);
      // The report store is shared by every request of the process (HTTP is stateless).
      const report = await mcp.call("get_report", { scanId: summary.scanId, format: "json" });
      expect(JSON.parse(textOf(report)).findings.length).toBeGreaterThan(5);
    } finally {
      await mcp.close();
    }
  });

  it("refuses a target outside --allow-target and a local spec file over HTTP", async () => {
    const mcp = await connectHttp(server.url, TOKEN);
    try {
      const result = await mcp.call("scan", { target: `http://127.0.0.1:${labs.api.port + 1}/` });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/not allowed/);
      const before = labs.api.requests.length;
      const spec = await mcp.call("scan", { target: labs.api.apiUrl, spec: "lab/specs/lab-api.openapi31.yaml" });
      expect(spec.isError).toBe(true);
      expect(textOf(spec)).toMatch(/spec must be a URL on the scanned origin/);
      expect(labs.api.requests.length).toBe(before);
    } finally {
      await mcp.close();
    }
  });
});

describe("rampart mcp --http without --token-env", () => {
  it("generates a token, prints it once on stderr, and requires it", async () => {
    const server = await startHttpProcess([]);
    try {
      expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(server.stderr().split(server.token).length - 1).toBe(1);
      await expect(connectHttp(server.url)).rejects.toMatchObject({ code: 401 });
      const mcp = await connectHttp(server.url, server.token);
      const result = await mcp.call("list_checks", { category: "ssrf" });
      expect(result.isError).toBeFalsy();
      await mcp.close();
    } finally {
      await server.close();
    }
  });
});
