/**
 * The guard as an OpenAI-compatible reverse proxy: /v1/chat/completions, /v1/completions and
 * /v1/models in front of any upstream (Together, OpenAI, vLLM, a home-made app). Every route needs
 * a caller key from the policy; the upstream sees only the guard's own key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GuardPolicy, GuardPolicyInput } from "./config.js";
import { createGuard, type Guard, type GuardOptions, rateHeaders } from "./guard.js";
import type { Route } from "./input.js";
import { type Refusal, refusalBody, refusalHeaders } from "./openai.js";
import { poolFetch } from "./transport.js";

export interface ProxyOptions extends GuardOptions {
  /** Upstream base URL, with or without the trailing /v1 (https://api.together.ai/v1). */
  upstream: string;
  policy: GuardPolicyInput | GuardPolicy;
  port?: number;
  /** Listen address; loopback unless told otherwise. */
  host?: string;
  guard?: Guard;
}

export interface GuardProxy {
  url: string;
  port: number;
  guard: Guard;
  close(): Promise<void>;
}

const ROUTES: Record<string, Route> = { "/v1/chat/completions": "chat", "/v1/completions": "completions" };
/** JSON overhead and escapes on top of the prompt-character cap, before the body is refused unread. */
const BODY_SLACK_BYTES = 64 * 1024;

/** `https://host/v1` or `https://host` → `https://host`, so `/v1/...` routes can be appended. */
export function upstreamBase(upstream: string): string {
  let u: URL;
  try {
    u = new URL(upstream);
  } catch {
    throw new TypeError(`--upstream takes an http(s) URL, not ${JSON.stringify(upstream)}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError("--upstream takes an http(s) URL");
  return `${u.origin}${u.pathname.replace(/\/+$/, "").replace(/\/v1$/, "")}`;
}

function sendRefusal(res: ServerResponse, r: Refusal, headers: Record<string, string> = {}): void {
  res.writeHead(r.status, { ...refusalHeaders(r), ...headers });
  res.end(refusalBody(r));
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) return reject(new BodyTooLarge());
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      parts.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

async function pipeResponse(from: Response, res: ServerResponse, abort: AbortController): Promise<void> {
  const headers: Record<string, string> = {};
  from.headers.forEach((v, k) => {
    headers[k] = v;
  });
  if (!headers["content-type"]?.includes("text/event-stream")) {
    // A whole answer is already in memory (it was filtered as one piece): one write, no stream plumbing.
    const body = Buffer.from(await from.arrayBuffer());
    res.writeHead(from.status, { ...headers, "content-length": String(body.length) });
    return void res.end(body);
  }
  res.writeHead(from.status, headers);
  if (!from.body) return void res.end();
  const reader = from.body.getReader();
  res.on("close", () => {
    if (!res.writableFinished) {
      abort.abort();
      reader.cancel().catch(() => undefined);
    }
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client left or the upstream broke off: end what was sent.
  }
  res.end();
}

export async function startGuardProxy(options: ProxyOptions): Promise<GuardProxy> {
  const base = upstreamBase(options.upstream);
  const guard = options.guard ?? createGuard(options.policy, { fetch: poolFetch, ...options });
  const maxBody = guard.policy.limits.max_input_chars * 4 + BODY_SLACK_BYTES;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://guard.invalid").pathname.replace(/\/+$/, "") || "/";
    // Answers are per caller and JSON: never cached, never sniffed as HTML.
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("cache-control", "no-store");
    const keyId = guard.authenticate(req.headers.authorization);
    if (!keyId) {
      guard.logger.info({ path, status: 401 }, "refused");
      return sendRefusal(
        res,
        { status: 401, type: "invalid_api_key", message: "a valid API key is required (Authorization: Bearer …)" },
        { "www-authenticate": 'Bearer realm="rampart-guard"' },
      );
    }
    const route = ROUTES[path];
    if (route && req.method === "POST") {
      let raw: string;
      try {
        raw = await readBody(req, maxBody);
      } catch (err) {
        if (err instanceof BodyTooLarge)
          return sendRefusal(res, {
            status: 413,
            type: "request_too_large",
            message: `the request body is larger than this service accepts (${maxBody} bytes)`,
          });
        throw err;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return sendRefusal(res, {
          status: 400,
          type: "invalid_request",
          message: "the request body is not valid JSON",
        });
      }
      const abort = new AbortController();
      const answer = await guard.complete({
        route,
        body,
        keyId,
        url: `${base}${path}`,
        headers: { accept: String(req.headers.accept ?? "*/*") },
        signal: abort.signal,
      });
      return pipeResponse(answer, res, abort);
    }
    // Every other request of a key counts too, in its own bucket (completions count inside the pipeline).
    const { refusal, rate } = await guard.limitRequest(keyId, "other");
    const limitHeaders = rateHeaders(rate);
    if (refusal) return sendRefusal(res, refusal, limitHeaders);
    if (path === "/v1/models" && req.method === "GET") {
      const upstream = await guard.upstreamFetch(`${base}/v1/models`, { headers: { accept: "application/json" } });
      const listed = (await upstream.json().catch(() => undefined)) as { data?: { id?: string }[] } | undefined;
      const allowed = guard.policy.limits.models;
      const data = (listed?.data ?? []).filter((m) => !allowed || allowed.includes(String(m.id)));
      // A model the policy allows is listed even when the upstream does not list it.
      for (const id of allowed ?? []) if (!data.some((m) => m.id === id)) data.push({ id });
      res.writeHead(200, { "content-type": "application/json", ...limitHeaders });
      return void res.end(
        JSON.stringify({ object: "list", data: data.map((m) => ({ object: "model", owned_by: "upstream", ...m })) }),
      );
    }
    if ((path === "/" || path === "/v1") && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json", ...limitHeaders });
      return void res.end(
        JSON.stringify({ object: "rampart.guard", routes: ["/v1/chat/completions", "/v1/completions", "/v1/models"] }),
      );
    }
    if (route || path === "/v1/models")
      return sendRefusal(
        res,
        { status: 405, type: "invalid_request", message: `${req.method} is not allowed on ${path}` },
        { allow: route ? "POST" : "GET", ...limitHeaders },
      );
    return sendRefusal(res, { status: 404, type: "not_found", message: `no such route: ${path}` }, limitHeaders);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      guard.logger.error({ err: err instanceof Error ? err.message : String(err) }, "internal error");
      if (!res.headersSent)
        sendRefusal(res, {
          status: 502,
          type: "upstream_unavailable",
          message: "the guard could not complete the request",
        });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    guard,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.guard) await guard.close();
    },
  };
}
