/**
 * Bounded work over MCP, against a slow lab server on 127.0.0.1: a cancelled scan stops sending and
 * frees its slot, scans beyond --max-scans are refused as busy, and an allowed target that cannot be
 * reached is a tool error rather than a misleading score.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startLab } from "../../lab/kit.js";
import { useLabs } from "../lab-hooks.js";
import { connectStdio, type McpSession, textOf } from "./client.js";

const DELAY_MS = 150;

/** Every path answers 200 JSON after a delay, so a scan takes seconds and can be caught mid-way. */
function startSlowApi() {
  return startLab(async (_req, res) => {
    await new Promise((r) => setTimeout(r, DELAY_MS));
    sendJson(res, 200, { items: [{ id: 1, name: "widget" }] });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("rampart mcp bounds its work", () => {
  const labs = useLabs({ slow: startSlowApi });
  let mcp: McpSession;
  beforeAll(async () => {
    // 127.0.0.1 on any port: the slow lab and the closed port below.
    mcp = await connectStdio(["--allow-target", "127.0.0.1", "--max-scans", "1"]);
  });
  afterAll(() => mcp?.close());

  it("stops a cancelled scan and frees its slot", async () => {
    const controller = new AbortController();
    let atCancel = 0;
    const call = mcp.client.callTool(
      {
        name: "scan",
        arguments: { target: `${labs.slow.origin}/api/items`, budget: 1000, deadline: 60, skip: ["llm"] },
      },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => {
          if (controller.signal.aborted) return;
          atCancel = labs.slow.requests.length;
          controller.abort("enough");
        },
      },
    );
    await expect(call).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 6 * DELAY_MS));
    const afterCancel = labs.slow.requests.length;
    // What was in flight may still land (8 at a time); nothing new starts.
    await new Promise((r) => setTimeout(r, 6 * DELAY_MS));
    expect(labs.slow.requests.length).toBe(afterCancel);
    expect(afterCancel - atCancel).toBeLessThanOrEqual(16);
    // The slot is free again (--max-scans 1).
    const next = await mcp.call("scan", {
      target: `${labs.slow.origin}/api/items`,
      only: ["headers-content-type-options"],
      deadline: 20,
    });
    expect(next.isError, textOf(next)).toBeFalsy();
  });

  it("refuses a scan beyond --max-scans as busy", async () => {
    const first = mcp.call("scan", {
      target: `${labs.slow.origin}/api/items`,
      only: ["inventory", "encryption"],
      deadline: 20,
    });
    await new Promise((r) => setTimeout(r, 300));
    const second = await mcp.call("scan", { target: `${labs.slow.origin}/api/items` });
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(/^busy: 1 scan\(s\) already running/);
    expect((await first).isError).toBeFalsy();
  });

  it("reports an allowed but unreachable target as nothing tested", async () => {
    const port = await closedPort();
    const result = await mcp.call("scan", { target: `http://127.0.0.1:${port}/api` });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^nothing could be tested \(target unreachable: connection refused at 127\.0\.0\.1:\d+\); get_report scan-/,
    );
  });
});
