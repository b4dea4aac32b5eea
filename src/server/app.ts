/**
 * The REST API (Hono). JSON in and out, `Authorization: Bearer <token>` on every /v1 route but the
 * OpenAPI document, errors as `{error: {code, message}}`, and a tenant only ever sees its own rows
 * (another tenant's id is a 404, never a 403).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";
import type { Logger } from "pino";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { z } from "zod";
import { parseScanRequest, ScanRequest, type ScanRequestInput, scanConfigOf } from "../api/scan.js";
import type { ScanReport } from "../engine/finding.js";
import { diffReports } from "../report/diff.js";
import { RENDERERS } from "../report/index.js";
import { type Db, isoNow, newId, type ScanTable, type ScheduleTable, type Store } from "./db.js";
import type { JobQueue } from "./jobs.js";
import type { Metrics } from "./metrics.js";
import { serviceOpenApi } from "./openapi.js";
import { PolicyError, type TargetPolicy } from "./policy.js";
import { countsOf, createScan, scanView, TERMINAL, triageOf, withTriage } from "./scans.js";
import { nextRun } from "./schedules.js";
import {
  CreateDomain,
  CreateSchedule,
  CreateWebhook,
  DiffQuery,
  ListScans,
  PutAuthProfile,
  PutTriage,
  profileName,
  ReportQuery,
  type ScanOptions,
  SubmitScan,
} from "./schemas.js";
import { hashToken, type SecretBox } from "./secrets.js";
import { newWebhookSecret } from "./webhooks.js";

export interface AppDeps {
  store: Store;
  queue: JobQueue;
  policy: TargetPolicy;
  secrets: SecretBox | undefined;
  log: Logger;
  metrics: Metrics;
  /** Every limiter must allow a request (per-minute and per-second windows), keyed by tenant. */
  limiters: RateLimiterAbstract[];
  /** The same per client address, for every request (authenticated or not). */
  addressLimiters: RateLimiterAbstract[];
  /** Scans a tenant may have queued or running at once. */
  maxActiveScans: number;
  maxBodyBytes: number;
  /** The dashboard's built files; served at / when present. */
  webRoot?: string;
  /** Public targets need a verified domain unless allowed with --allow-target. */
  verifyDomains: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Env = { Variables: { tenant: string; csp?: string } };

const REPORT_TYPES: Record<string, string> = {
  json: "application/json; charset=utf-8",
  sarif: "application/sarif+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  junit: "application/xml; charset=utf-8",
};

const SSE_KEEPALIVE_MS = 10_000;

/** The stored HTML report is self-contained (inline style and script); sandboxed, it cannot reach the API origin. */
const REPORT_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; sandbox allow-scripts";

export function createApp(deps: AppDeps): Hono<Env> {
  const { db } = deps.store;
  const app = new Hono<Env>();

  // Outside secureHeaders, so a route's own policy (the sandboxed HTML report) replaces the default.
  app.use("*", async (c, next) => {
    await next();
    const csp = c.get("csp");
    if (csp) c.res.headers.set("Content-Security-Policy", csp);
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'self'"] },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      crossOriginResourcePolicy: "same-origin",
      referrerPolicy: "no-referrer",
    }),
  );
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath || "unmatched";
    // Built assets carry a content hash in their names; everything else (API answers, index.html) is never cached.
    const immutable = c.req.path.startsWith("/assets/") && c.res.status === 200;
    c.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-store");
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.httpSeconds.observe({ route }, (performance.now() - started) / 1000);
  });

  // Per client address, before authentication: bad-token floods and anonymous bursts are throttled too.
  app.use("*", async (c, next) => {
    const address = clientAddress(c);
    try {
      for (const limiter of deps.addressLimiters) await limiter.consume(address);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      c.header("Retry-After", String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      throw new ApiError(429, "rate_limited", "too many requests from this address; retry later");
    }
    await next();
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const dbOk = await db
      .selectFrom("tokens")
      .select("hash")
      .limit(1)
      .execute()
      .then(() => true)
      .catch(() => false);
    const queueOk = await deps.queue.ready();
    return c.json(
      { status: dbOk && queueOk ? "ready" : "unavailable", db: dbOk, queue: queueOk },
      dbOk && queueOk ? 200 : 503,
    );
  });
  app.get("/metrics", async (c) => {
    c.header("Content-Type", deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  app.get("/v1/openapi.json", (c) => c.json(serviceOpenApi()));

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `request bodies are limited to ${deps.maxBodyBytes} bytes`);
      },
    }),
  );
  app.use("/v1/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/.exec(header);
    const row = match
      ? await db.selectFrom("tokens").select("tenant").where("hash", "=", hashToken(match[1])).executeTakeFirst()
      : undefined;
    if (!row) {
      c.header("WWW-Authenticate", 'Bearer realm="rampart"');
      throw new ApiError(401, "unauthorized", "a valid API token is required (Authorization: Bearer <token>)");
    }
    try {
      for (const limiter of deps.limiters) await limiter.consume(row.tenant);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      c.header("Retry-After", String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      throw new ApiError(429, "rate_limited", "too many requests for this tenant; retry later");
    }
    c.set("tenant", row.tenant);
    await next();
  });

  // ---- scans
  app.post("/v1/scans", async (c) => {
    const tenant = c.get("tenant");
    const body = parse(SubmitScan, await jsonBody(c));
    const request = await admitScan(deps, tenant, body.target, body.spec, body.options);
    const active = await db
      .selectFrom("scans")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant", "=", tenant)
      .where("status", "in", ["queued", "running"])
      .executeTakeFirstOrThrow();
    if (Number(active.n) >= deps.maxActiveScans)
      throw new ApiError(
        429,
        "too_many_scans",
        `at most ${deps.maxActiveScans} scans may be queued or running at once`,
      );
    const row = await createScan(db, { tenant, target: body.target, request, authProfile: body.options.auth });
    await deps.queue.enqueue(row.id);
    deps.metrics.scansSubmitted.inc();
    deps.log.info({ scan: row.id, tenant, target: row.target }, "scan queued");
    return c.json({ id: row.id, status: row.status }, 202);
  });

  app.get("/v1/scans", async (c) => {
    const tenant = c.get("tenant");
    const q = parse(ListScans, c.req.query());
    let query = db.selectFrom("scans").selectAll().where("tenant", "=", tenant);
    if (q.target) query = query.where("target", "=", q.target);
    if (q.status) query = query.where("status", "=", q.status);
    if (q.cursor) query = query.where("id", "<", q.cursor);
    const rows = await query
      .orderBy("id", "desc")
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const counts = await countsOf(
      db,
      tenant,
      page.map((r) => r.id),
    );
    return c.json({
      items: page.map((r) => scanView(r, counts.get(r.id)!)),
      nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
    });
  });

  app.get("/v1/scans/:id", async (c) => {
    const tenant = c.get("tenant");
    const row = await scanOf(db, tenant, c.req.param("id"));
    const counts = await countsOf(db, tenant, [row.id]);
    return c.json(scanView(row, counts.get(row.id)!));
  });

  app.get("/v1/scans/:id/report", async (c) => {
    const tenant = c.get("tenant");
    const { format } = parse(ReportQuery, c.req.query());
    const report = await reportOf(db, tenant, c.req.param("id"));
    const marked = withTriage(report, await triageOf(db, tenant));
    const body = format === "json" ? `${JSON.stringify(marked, null, 2)}\n` : RENDERERS[format].render(marked);
    if (format === "html") c.set("csp", REPORT_HTML_CSP);
    c.header("Content-Type", REPORT_TYPES[format]);
    return c.body(body);
  });

  app.get("/v1/scans/:id/events", async (c) => {
    const tenant = c.get("tenant");
    const id = c.req.param("id");
    await scanOf(db, tenant, id);
    return streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let last = "";
      let lastWriteAt = Date.now();
      while (!closed) {
        const row = await scanOf(db, tenant, id);
        const p = row.progress ? JSON.parse(row.progress) : { checksDone: 0, checksTotal: 0, requests: 0 };
        const data = JSON.stringify({ ...p, status: row.status });
        if (data !== last) {
          await stream.writeSSE({ event: "progress", data });
          last = data;
          lastWriteAt = Date.now();
        } else if (Date.now() - lastWriteAt >= SSE_KEEPALIVE_MS) {
          // A comment line: proxies and the dashboard's silence watchdog see a live stream while a scan waits.
          await stream.write(": keep-alive\n\n");
          lastWriteAt = Date.now();
        }
        if (TERMINAL.includes(row.status)) {
          await stream.writeSSE({
            event: "done",
            data: JSON.stringify({ status: row.status, score: row.score, grade: row.grade }),
          });
          return;
        }
        await stream.sleep(250);
      }
    });
  });

  app.delete("/v1/scans/:id", async (c) => {
    const tenant = c.get("tenant");
    const row = await scanOf(db, tenant, c.req.param("id"));
    if (TERMINAL.includes(row.status))
      throw new ApiError(409, "scan_finished", `scan ${row.id} is already ${row.status}`);
    // A queued scan is canceled at once; a running one is told to stop and writes its partial report.
    const queued = await db
      .updateTable("scans")
      .set({ status: "canceled", finished_at: isoNow(), cancel_requested: 1 })
      .where("id", "=", row.id)
      .where("status", "=", "queued")
      .executeTakeFirst();
    if (Number(queued.numUpdatedRows) === 0)
      await db.updateTable("scans").set({ cancel_requested: 1 }).where("id", "=", row.id).execute();
    const after = await scanOf(db, tenant, row.id);
    return c.json({ id: after.id, status: after.status, cancelRequested: true }, 202);
  });

  app.get("/v1/diff", async (c) => {
    const tenant = c.get("tenant");
    const q = parse(DiffQuery, c.req.query());
    const [base, head] = [await reportOf(db, tenant, q.base), await reportOf(db, tenant, q.head)];
    const diff = diffReports(base, head);
    const brief = (fs: typeof diff.new) =>
      fs.map((f) => ({
        ruleId: f.ruleId,
        title: f.title,
        severity: f.severity,
        operation: f.operation,
        fingerprint: f.fingerprint,
      }));
    return c.json({
      base: q.base,
      head: q.head,
      new: brief(diff.new),
      fixed: brief(diff.fixed),
      unchanged: brief(diff.unchanged),
      scoreDrift: diff.scoreDrift,
    });
  });

  // ---- schedules
  app.post("/v1/schedules", async (c) => {
    const tenant = c.get("tenant");
    const body = parse(CreateSchedule, await jsonBody(c));
    const next = nextRunOrError(body.cron);
    const request = await admitScan(deps, tenant, body.target, body.spec, body.options);
    const row = {
      id: newId("sch"),
      tenant,
      target: body.target,
      cron: body.cron,
      request: JSON.stringify(request),
      auth_profile: body.options.auth ?? null,
      next_run_at: next,
      last_scan_id: null,
      created_at: isoNow(),
    };
    await db.insertInto("schedules").values(row).execute();
    return c.json(scheduleView(row), 201);
  });
  app.get("/v1/schedules", async (c) => {
    const rows = await db
      .selectFrom("schedules")
      .selectAll()
      .where("tenant", "=", c.get("tenant"))
      .orderBy("id")
      .execute();
    return c.json({ items: rows.map(scheduleView) });
  });
  app.delete("/v1/schedules/:id", async (c) => {
    const res = await db
      .deleteFrom("schedules")
      .where("tenant", "=", c.get("tenant"))
      .where("id", "=", c.req.param("id"))
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound("schedule");
    return c.body(null, 204);
  });

  // ---- webhooks
  app.post("/v1/webhooks", async (c) => {
    const tenant = c.get("tenant");
    const body = parse(CreateWebhook, await jsonBody(c));
    if (!deps.secrets) throw new ApiError(503, "no_secret_key", "the service has no key to store webhook secrets");
    try {
      await deps.policy.check(body.url);
    } catch (err) {
      if (err instanceof PolicyError) throw new ApiError(403, "url_refused", err.message);
      throw err;
    }
    const secret = newWebhookSecret();
    const row = {
      id: newId("wh"),
      tenant,
      url: body.url,
      events: JSON.stringify(body.events),
      secret_enc: deps.secrets.seal(secret),
      created_at: isoNow(),
    };
    await db.insertInto("webhooks").values(row).execute();
    // The only time the secret is shown.
    return c.json({ ...webhookView(row), secret }, 201);
  });
  app.get("/v1/webhooks", async (c) => {
    const rows = await db
      .selectFrom("webhooks")
      .selectAll()
      .where("tenant", "=", c.get("tenant"))
      .orderBy("id")
      .execute();
    return c.json({ items: rows.map(webhookView) });
  });
  app.get("/v1/webhooks/:id/deliveries", async (c) => {
    const tenant = c.get("tenant");
    const hook = await db
      .selectFrom("webhooks")
      .select("id")
      .where("tenant", "=", tenant)
      .where("id", "=", c.req.param("id"))
      .executeTakeFirst();
    if (!hook) throw notFound("webhook");
    const rows = await db
      .selectFrom("deliveries")
      .select(["id", "event", "status", "attempts", "last_status", "last_error", "created_at", "delivered_at"])
      .where("webhook_id", "=", hook.id)
      .orderBy("id", "desc")
      .limit(100)
      .execute();
    return c.json({
      items: rows.map((d) => ({
        id: d.id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.last_status,
        lastError: d.last_error,
        createdAt: d.created_at,
        deliveredAt: d.delivered_at,
      })),
    });
  });
  app.delete("/v1/webhooks/:id", async (c) => {
    const res = await db
      .deleteFrom("webhooks")
      .where("tenant", "=", c.get("tenant"))
      .where("id", "=", c.req.param("id"))
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound("webhook");
    return c.body(null, 204);
  });

  // ---- triage
  app.put("/v1/triage/:fingerprint", async (c) => {
    const tenant = c.get("tenant");
    const fingerprint = fingerprintParam(c.req.param("fingerprint"));
    const body = parse(PutTriage, await jsonBody(c));
    const row = {
      tenant,
      fingerprint,
      rule_id: body.ruleId,
      status: body.status,
      reason: body.reason,
      created_at: isoNow(),
    };
    await db
      .insertInto("triage")
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(["tenant", "fingerprint"])
          .doUpdateSet({ rule_id: row.rule_id, status: row.status, reason: row.reason }),
      )
      .execute();
    const stored = await db
      .selectFrom("triage")
      .selectAll()
      .where("tenant", "=", tenant)
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirstOrThrow();
    return c.json(triageView(stored));
  });
  app.get("/v1/triage", async (c) => {
    const rows = await db
      .selectFrom("triage")
      .selectAll()
      .where("tenant", "=", c.get("tenant"))
      .orderBy("created_at")
      .execute();
    return c.json({ items: rows.map(triageView) });
  });
  app.delete("/v1/triage/:fingerprint", async (c) => {
    const res = await db
      .deleteFrom("triage")
      .where("tenant", "=", c.get("tenant"))
      .where("fingerprint", "=", fingerprintParam(c.req.param("fingerprint")))
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound("triage entry");
    return c.body(null, 204);
  });

  // ---- auth profiles (credentials in, never out)
  app.put("/v1/auth-profiles/:name", async (c) => {
    const tenant = c.get("tenant");
    const name = parse(profileName, c.req.param("name"));
    const body = parse(PutAuthProfile, await jsonBody(c));
    if (!deps.secrets) throw new ApiError(503, "no_secret_key", "the service has no key to store credentials");
    // Validates the specs now (a one-line error) without keeping them anywhere but the sealed column.
    try {
      scanConfigOf(parseScanRequest({ target: "http://validate.invalid/", auth: body.auth, auth2: body.auth2 }));
    } catch (err) {
      throw new ApiError(
        400,
        "invalid_request",
        (err as Error).message.replace(/(bearer|header|basic|cookie|query):\S+/gi, "$1:…"),
      );
    }
    const sealed = deps.secrets.seal(JSON.stringify({ auth: body.auth, auth2: body.auth2 }));
    const row = { tenant, name, credentials_enc: sealed, created_at: isoNow() };
    await db
      .insertInto("auth_profiles")
      .values(row)
      .onConflict((oc) => oc.columns(["tenant", "name"]).doUpdateSet({ credentials_enc: sealed }))
      .execute();
    return c.json({ name, identities: body.auth2.length > 0 ? 2 : 1, createdAt: row.created_at });
  });
  app.get("/v1/auth-profiles", async (c) => {
    const rows = await db
      .selectFrom("auth_profiles")
      .select(["name", "created_at"])
      .where("tenant", "=", c.get("tenant"))
      .orderBy("name")
      .execute();
    return c.json({ items: rows.map((r) => ({ name: r.name, createdAt: r.created_at })) });
  });
  app.delete("/v1/auth-profiles/:name", async (c) => {
    const res = await db
      .deleteFrom("auth_profiles")
      .where("tenant", "=", c.get("tenant"))
      .where("name", "=", c.req.param("name"))
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound("auth profile");
    return c.body(null, 204);
  });

  // ---- domain verification for public targets
  app.post("/v1/domains", async (c) => {
    const tenant = c.get("tenant");
    const { host } = parse(CreateDomain, await jsonBody(c));
    const normal = host.toLowerCase().replace(/\.$/, "");
    if (!/^[a-z0-9.-]+$/.test(normal)) throw new ApiError(400, "invalid_request", "host: not a host name");
    const existing = await db
      .selectFrom("domains")
      .selectAll()
      .where("tenant", "=", tenant)
      .where("host", "=", normal)
      .executeTakeFirst();
    const row = existing ?? {
      tenant,
      host: normal,
      token: `rampart-verification=${newId("dv")}`,
      verified_at: null,
      created_at: isoNow(),
    };
    if (!existing) await db.insertInto("domains").values(row).execute();
    return c.json(domainView(row), existing ? 200 : 201);
  });
  app.get("/v1/domains", async (c) => {
    const rows = await db.selectFrom("domains").selectAll().where("tenant", "=", c.get("tenant")).execute();
    return c.json({ items: rows.map(domainView) });
  });
  app.post("/v1/domains/:host/verify", async (c) => {
    const tenant = c.get("tenant");
    const row = await db
      .selectFrom("domains")
      .selectAll()
      .where("tenant", "=", tenant)
      .where("host", "=", c.req.param("host").toLowerCase())
      .executeTakeFirst();
    if (!row) throw notFound("domain");
    const { verifyDomain } = await import("./domains.js");
    const how = await verifyDomain(deps.policy, row.host, row.token);
    if (!how)
      throw new ApiError(
        409,
        "not_verified",
        `neither https://${row.host}/.well-known/rampart-verification.txt nor a DNS TXT record of ${row.host} holds the token`,
      );
    const verified = { ...row, verified_at: isoNow() };
    await db
      .updateTable("domains")
      .set({ verified_at: verified.verified_at })
      .where("tenant", "=", tenant)
      .where("host", "=", row.host)
      .execute();
    return c.json({ ...domainView(verified), method: how });
  });

  app.all("/v1/*", () => {
    throw notFound("route");
  });

  // ---- the dashboard (nothing else lives at /)
  const webRoot = deps.webRoot;
  if (webRoot && existsSync(path.join(webRoot, "index.html"))) {
    app.use("*", serveStatic({ root: webRoot }));
    app.get("*", serveStatic({ root: webRoot, path: "index.html" }));
  }

  app.notFound((c) => c.json({ error: { code: "not_found", message: "not found" } }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    deps.log.error({ err: err.message, route: c.req.routePath }, "request failed");
    return c.json({ error: { code: "internal", message: "internal error" } }, 500);
  });
  return app;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "request";
  throw new ApiError(400, "invalid_request", `${where}: ${issue?.message ?? "invalid"}`);
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new ApiError(400, "invalid_request", "send a JSON body (Content-Type: application/json)");
  try {
    return await c.req.json();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
}

function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

async function scanOf(db: Db, tenant: string, id: string): Promise<ScanTable> {
  const row = await db
    .selectFrom("scans")
    .selectAll()
    .where("tenant", "=", tenant)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("scan");
  return row;
}

async function reportOf(db: Db, tenant: string, id: string): Promise<ScanReport> {
  const row = await scanOf(db, tenant, id);
  if (!row.report)
    throw new ApiError(
      409,
      "no_report",
      row.status === "failed" ? `scan ${id} failed: ${row.error}` : `scan ${id} is ${row.status}; no report yet`,
    );
  return JSON.parse(row.report) as ScanReport;
}

function fingerprintParam(raw: string): string {
  if (!/^[A-Za-z0-9:._-]{4,128}$/.test(raw))
    throw new ApiError(400, "invalid_request", "fingerprint: not a finding fingerprint");
  return raw;
}

const CREDENTIAL_PARAM =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|auth|authorization|secret|client[-_]?secret|password|passwd|pwd|sig|signature|session)$/i;

function safeSearchParams(url: string): URLSearchParams {
  try {
    return new URL(url).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

function nextRunOrError(cron: string): number {
  try {
    return nextRun(cron);
  } catch (err) {
    throw new ApiError(400, "invalid_request", (err as Error).message);
  }
}

/**
 * Validates a submission as the scan API will run it and applies the target policy before anything
 * is sent; returns the request to store (credentials stay in the auth profile, sealed).
 */
async function admitScan(
  deps: AppDeps,
  tenant: string,
  target: string,
  spec: string | undefined,
  options: ScanOptions,
): Promise<ScanRequestInput> {
  const request: ScanRequestInput = {
    target,
    ...(spec ? { spec } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
    ...(options.deadline !== undefined ? { deadlineSeconds: options.deadline } : {}),
    ...(options.llmTier ? { llmTier: options.llmTier } : {}),
    ...(options.active !== undefined ? { active: options.active } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.rps !== undefined ? { rps: options.rps } : {}),
  };
  // The target is stored, listed and logged: a credential in its query would leak into all three.
  const credentialParam = [...safeSearchParams(target)].find(([name]) => CREDENTIAL_PARAM.test(name));
  if (credentialParam)
    throw new ApiError(
      400,
      "invalid_request",
      `target: the query parameter ${JSON.stringify(credentialParam[0])} looks like a credential; put it in an auth profile (query:NAME:VALUE)`,
    );
  try {
    scanConfigOf(parseScanRequest(request), { allowSpecFiles: false });
  } catch (err) {
    throw new ApiError(400, "invalid_request", (err as Error).message);
  }
  if (options.auth) {
    const profile = await deps.store.db
      .selectFrom("auth_profiles")
      .select("name")
      .where("tenant", "=", tenant)
      .where("name", "=", options.auth)
      .executeTakeFirst();
    if (!profile)
      throw new ApiError(400, "invalid_request", `options.auth: no auth profile named ${JSON.stringify(options.auth)}`);
  }
  let pin: Awaited<ReturnType<TargetPolicy["check"]>>;
  try {
    pin = await deps.policy.check(target);
  } catch (err) {
    if (err instanceof PolicyError) throw new ApiError(403, "target_refused", err.message);
    throw err;
  }
  if (pin.isPublic && !pin.allowedExplicitly && deps.verifyDomains) {
    const verified = await deps.store.db
      .selectFrom("domains")
      .select("verified_at")
      .where("tenant", "=", tenant)
      .where("host", "=", pin.host)
      .executeTakeFirst();
    if (!verified?.verified_at)
      throw new ApiError(
        403,
        "domain_unverified",
        `${pin.host} is not verified for this tenant: POST /v1/domains, then publish the token and POST /v1/domains/${pin.host}/verify`,
      );
  }
  return request;
}

function scheduleView(r: ScheduleTable) {
  // Stored as submitted: only what the schedule set, without the request's defaults.
  const req = ScanRequest.partial().parse(JSON.parse(r.request));
  const options: ScanOptions = {
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.budget !== undefined ? { budget: req.budget } : {}),
    ...(req.deadlineSeconds !== undefined ? { deadline: req.deadlineSeconds } : {}),
    ...(req.llmTier ? { llmTier: req.llmTier } : {}),
    ...(req.active !== undefined ? { active: req.active } : {}),
    ...(r.auth_profile ? { auth: r.auth_profile } : {}),
  };
  return {
    id: r.id,
    target: r.target,
    cron: r.cron,
    options,
    nextRunAt: new Date(r.next_run_at).toISOString(),
    lastScanId: r.last_scan_id,
    createdAt: r.created_at,
  };
}

function webhookView(r: { id: string; url: string; events: string; created_at: string }) {
  return { id: r.id, url: r.url, events: JSON.parse(r.events) as string[], createdAt: r.created_at };
}

function triageView(r: { fingerprint: string; rule_id: string; status: string; reason: string; created_at: string }) {
  return { fingerprint: r.fingerprint, ruleId: r.rule_id, status: r.status, reason: r.reason, createdAt: r.created_at };
}

function domainView(r: { host: string; token: string; verified_at: string | null; created_at: string }) {
  return {
    host: r.host,
    token: r.token,
    verified: r.verified_at !== null,
    verifiedAt: r.verified_at,
    createdAt: r.created_at,
  };
}
