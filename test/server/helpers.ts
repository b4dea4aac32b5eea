/** Starting a real service on 127.0.0.1 for tests, and talking to it over HTTP. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { createLogger } from "../../src/server/log.js";
import { createToken, type RunningService, type ServiceOptions, startService } from "../../src/server/service.js";

export interface TestService {
  service: RunningService;
  dataDir: string;
  /** Every log line the service wrote. */
  logs: string[];
  token(tenant: string): Promise<string>;
  api(method: string, path: string, token?: string, body?: unknown): Promise<ApiReply>;
  /** Every row of the given tables, as JSON text (to assert what never reaches the database). */
  dumpRows(tables: string[]): Promise<string>;
  close(): Promise<void>;
}

export const ADMIN_DB_URL = "postgres://postgres@127.0.0.1:5432/postgres";
export const scaleOutEnabled = process.env.RAMPART_SCALEOUT_TESTS === "1";

/** A throw-away PostgreSQL database for one test file; `drop()` removes it. */
export async function throwAwayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rampart_test_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_DB_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
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
    // Tests poll fast; the self-scan and the rate-limit test set production limits themselves.
    burstPerSecond: 1000,
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
    async dumpRows(tables) {
      if (opts.dbUrl) {
        const client = new pg.Client({ connectionString: opts.dbUrl });
        await client.connect();
        try {
          const all = [];
          for (const table of tables) all.push((await client.query(`select * from ${table}`)).rows);
          return JSON.stringify(all);
        } finally {
          await client.end();
        }
      }
      const db = new SqliteDatabase(path.join(dataDir, "rampart.db"), { readonly: true });
      try {
        return JSON.stringify(tables.map((table) => db.prepare(`select * from ${table}`).all()));
      } finally {
        db.close();
      }
    },
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
