/** Starting a real service on 127.0.0.1 for tests, and talking to it over HTTP. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "../../src/server/log.js";
import { createToken, type RunningService, type ServiceOptions, startService } from "../../src/server/service.js";

export interface TestService {
  service: RunningService;
  dataDir: string;
  /** Every log line the service wrote. */
  logs: string[];
  token(tenant: string): Promise<string>;
  api(method: string, path: string, token?: string, body?: unknown): Promise<ApiReply>;
  close(): Promise<void>;
}

export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience over arbitrary JSON replies
  json: any;
}

export async function startTestService(opts: Partial<ServiceOptions> = {}): Promise<TestService> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "rampart-svc-"));
  const logs: string[] = [];
  const log = createLogger({ level: "debug", destination: { write: (line: string) => logs.push(line) } });
  const service = await startService({
    host: "127.0.0.1",
    port: 0,
    workers: 2,
    allowTargets: ["127.0.0.1"],
    leaseMs: 3000,
    drainMs: 2000,
    webRoot: path.join(dataDir, "no-web"),
    log,
    ...opts,
    ...(opts.dbUrl ? {} : { dataDir }),
  });
  const tokens = new Map<string, string>();
  return {
    service,
    dataDir,
    logs,
    async token(tenant) {
      let t = tokens.get(tenant);
      if (!t) {
        t = await createToken(opts.dbUrl ? { dbUrl: opts.dbUrl } : { dataDir }, tenant);
        tokens.set(tenant, t);
      }
      return t;
    },
    api: (method, p, token, body) => callApi(service.url, method, p, token, body),
    async close() {
      await service.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function callApi(
  base: string,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
): Promise<ApiReply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${p}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls a scan until it reaches a final status. */
export async function waitForScan(t: Pick<TestService, "api">, id: string, token: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.api("GET", `/v1/scans/${id}`, token);
    if (["done", "failed", "canceled"].includes(r.json?.status)) return r.json;
    if (Date.now() > until) throw new Error(`scan ${id} still ${r.json?.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
