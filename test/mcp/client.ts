/**
 * Test helpers: the real `rampart mcp` process (from source, as `npm run rampart` runs it) driven by
 * the MCP SDK's own client, over stdio or Streamable HTTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = "bin/rampart.js";

export interface McpSession {
  client: Client;
  /** The server process (stdio only). */
  pid?: number;
  /** Calls a tool and returns its result (tool errors included, as `isError`). */
  call(name: string, args: Record<string, unknown>, onProgress?: (progress: number) => void): Promise<CallToolResult>;
  close(): Promise<void>;
}

function session(client: Client, close: () => Promise<void>, pid?: number): McpSession {
  return {
    client,
    pid,
    async call(name, args, onProgress) {
      const result = await client.callTool(
        { name, arguments: args },
        undefined,
        onProgress ? { onprogress: (p) => onProgress(p.progress), timeout: 60_000 } : { timeout: 60_000 },
      );
      return result as CallToolResult;
    },
    close,
  };
}

/** `rampart mcp <args>` over stdio. */
export async function connectStdio(args: string[], env: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp", ...args],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), RAMPART_FROM_SOURCE: "1", ...env },
    stderr: "pipe",
  });
  const client = new Client({ name: "rampart-test", version: "0.0.0" });
  await client.connect(transport);
  return session(client, () => client.close(), transport.pid ?? undefined);
}

export interface HttpProcess {
  url: string;
  token: string;
  stderr(): string;
  close(): Promise<void>;
}

/** `rampart mcp --http --port 0 <args>`: waits for the listening line and the token it prints once. */
export async function startHttpProcess(args: string[], env: Record<string, string> = {}): Promise<HttpProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "mcp", "--http", "--port", "0", ...args], {
    cwd: ROOT,
    env: { ...process.env, RAMPART_FROM_SOURCE: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (\S+)/.exec(stderr)?.[1];
      const token = /bearer token \(shown once\): (\S+)/.exec(stderr)?.[1] ?? env.RAMPART_MCP_TOKEN;
      if (url && token) resolve({ url, token });
    });
    child.once("exit", (code) => reject(new Error(`rampart mcp exited with ${code}: ${stderr}`)));
  });
  const { url, token } = await ready;
  return {
    url,
    token,
    stderr: () => stderr,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** An SDK client over Streamable HTTP with the given bearer token (or none). */
export async function connectHttp(url: string, token?: string): Promise<McpSession> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });
  const client = new Client({ name: "rampart-test", version: "0.0.0" });
  await client.connect(transport);
  return session(client, () => client.close());
}

/** The text of a tool result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}
