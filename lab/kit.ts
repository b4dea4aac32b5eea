/**
 * A tiny router over node:http for the lab's fixture servers. Lab servers listen on
 * 127.0.0.1 with an ephemeral port and keep a log of what they received, so tests can
 * assert on the traffic (methods used, origins, credentials) as well as on findings.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface LabRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  params: Record<string, string>;
  raw: IncomingMessage;
}

export type Handler = (req: LabRequest, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: string | "*";
  /** Exact path, or a pattern with `:name` segments, or a RegExp on the path. */
  path: string | RegExp;
  handler: Handler;
}

/** One area's share of a lab app: its routes and an optional hook that decorates every response. */
export interface LabModule {
  routes: Route[];
  decorate?(req: LabRequest, res: ServerResponse): void;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface LabServer {
  url: string;
  origin: string;
  port: number;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
}

function match(route: Route, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== "*" && route.method !== method && !(route.method === "GET" && method === "HEAD"))
    return undefined;
  if (route.path instanceof RegExp) {
    const m = route.path.exec(path);
    return m ? { ...m.groups } : undefined;
  }
  if (!route.path.includes(":")) return route.path === path ? {} : undefined;
  const want = route.path.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

const MAX_LAB_BODY = 2 * 1024 * 1024;

export function router(modules: LabModule[], fallback?: Handler): Handler {
  const routes = modules.flatMap((m) => m.routes);
  return async (req, res) => {
    for (const m of modules) m.decorate?.(req, res);
    // A decorator may answer on its own (a rate limiter's 429): then no route runs.
    if (res.headersSent) return;
    for (const route of routes) {
      const params = match(route, req.method, req.path);
      if (params) {
        req.params = params;
        await route.handler(req, res);
        return;
      }
    }
    if (fallback) await fallback(req, res);
    else sendJson(res, 404, { error: "not found" });
  };
}

/** TLS settings of an HTTPS lab server; the protocol options let a fixture accept legacy TLS on purpose. */
export interface LabTls {
  key: string;
  cert: string;
  minVersion?: import("node:tls").SecureVersion;
  maxVersion?: import("node:tls").SecureVersion;
  ciphers?: string;
  /** Mutual TLS: ask for a client certificate and refuse one not signed by `ca`. */
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
  ca?: string;
}

export async function startLab(handler: Handler, tls?: LabTls): Promise<LabServer> {
  const requests: LoggedRequest[] = [];
  const listener = async (raw: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of raw as AsyncIterable<Buffer>) {
      size += c.length;
      if (size <= MAX_LAB_BODY) chunks.push(c);
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const u = new URL(raw.url ?? "/", "http://lab.invalid");
    requests.push({ method: raw.method ?? "GET", url: raw.url ?? "/", headers: raw.headers, body });
    const req: LabRequest = {
      method: raw.method ?? "GET",
      path: u.pathname,
      query: u.searchParams,
      headers: raw.headers,
      body,
      params: {},
      raw,
    };
    try {
      await handler(req, res);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
    }
  };
  const server = tls ? https.createServer({ ...tls }, listener) : http.createServer(listener);
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
