/**
 * The two ways an agent reaches the MCP server: stdio (the client spawns `rampart mcp`) and
 * Streamable HTTP (`rampart mcp --http`), where every request must carry the bearer token. HTTP is
 * stateless: each POST gets a fresh server over the shared report store, so no session can leak
 * into another and nothing is kept per connection.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpServer, type McpPolicy, type McpState } from "./server.js";

/** Serves over stdin/stdout until stdin ends or `signal` aborts. */
export async function serveStdio(policy: McpPolicy, state: McpState, signal?: AbortSignal): Promise<void> {
  const server = createMcpServer(policy, state);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    const done = () => resolve();
    process.stdin.once("end", done);
    process.stdin.once("close", done);
    signal?.addEventListener("abort", done, { once: true });
    transport.onclose = done;
  });
  await server.connect(transport);
  await closed;
  await server.close();
}

export interface HttpOptions {
  host: string;
  port: number;
  /** The bearer token every request must carry. */
  token: string;
}

export interface McpHttpServer {
  /** The endpoint to configure in a client, e.g. http://127.0.0.1:8765/mcp */
  url: string;
  close(): Promise<void>;
}

const PATH = "/mcp";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/** Constant-time comparison of the presented bearer token with ours (hashed, so lengths do not leak). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return Boolean(match) && timingSafeEqual(digest(match![1]), digest(token));
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

function reject(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message }, id: null }));
}

export async function serveHttp(policy: McpPolicy, state: McpState, options: HttpOptions): Promise<McpHttpServer> {
  const loopbackOnly = isLoopback(options.host);
  const httpServer = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== PATH) return reject(res, 404, `not found: the MCP endpoint is ${PATH}`);
    // A page in a browser that rebinds a name to 127.0.0.1 would send its own Host: refuse it.
    const hostname = hostnameOf(req.headers.host);
    if (loopbackOnly && (!hostname || !isLoopback(hostname))) return reject(res, 403, "forbidden host header");
    if (!bearerMatches(req.headers.authorization, options.token))
      return reject(res, 401, "unauthorized: send Authorization: Bearer <token>", {
        "www-authenticate": 'Bearer realm="rampart-mcp"',
      });
    if (req.method !== "POST")
      return reject(res, 405, "method not allowed: this stateless server takes POST only", { allow: "POST" });
    const server = createMcpServer(policy, state);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (err) {
      if (!res.headersSent) reject(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.end();
    }
  });
  await new Promise<void>((resolve, fail) => {
    httpServer.once("error", fail);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off("error", fail);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
