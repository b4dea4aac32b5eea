/**
 * Wiring: one function starts the API process (`rampart serve`), one a worker process
 * (`rampart worker`). Embedded: SQLite in the data dir, the lease queue, in-process workers.
 * Scale-out: PostgreSQL for rows, BullMQ on Redis for jobs, workers anywhere.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Redis as IORedis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { createApp } from "./app.js";
import { isoNow, openStore, type Store } from "./db.js";
import { bullQueue, createRunner, type JobQueue, leaseQueue, type WorkerHandle } from "./jobs.js";
import { createLogger } from "./log.js";
import { createMetrics } from "./metrics.js";
import { TargetPolicy } from "./policy.js";
import { startScheduler } from "./schedules.js";
import { hashToken, newToken, SecretBox } from "./secrets.js";
import { startDispatcher } from "./webhooks.js";

export interface StoreLocation {
  /** SQLite data directory (embedded mode). */
  dataDir?: string;
  /** postgres:// URL (scale-out). */
  dbUrl?: string;
}

export interface WorkerOptions extends StoreLocation {
  /** redis:// URL of the BullMQ queue; without it the database lease queue is used. */
  queueUrl?: string;
  workers: number;
  allowTargets: string[];
  /** Database lease of a running scan; a dead worker's scan is taken over after it runs out. */
  leaseMs?: number;
  /** BullMQ lock duration (scale-out). */
  lockMs?: number;
  drainMs?: number;
  log?: Logger;
  /** The encryption key (base64 of 32 bytes); default RAMPART_SECRET_KEY, else the data dir's key file. */
  secretKey?: string;
}

export interface ServiceOptions extends WorkerOptions {
  host: string;
  port: number;
  retentionDays?: number;
  maxActiveScans?: number;
  requestsPerMinute?: number;
  /** API requests per tenant per second (bursts). */
  burstPerSecond?: number;
  maxBodyBytes?: number;
  /** Serve the dashboard from here (default: dist/web of this package, when built). */
  webRoot?: string;
  verifyDomains?: boolean;
}

export interface RunningService {
  url: string;
  port: number;
  store: Store;
  /** Sends due webhook deliveries now (tests). */
  flushWebhooks(): Promise<number>;
  close(): Promise<void>;
}

export class ServiceConfigError extends Error {
  override name = "ServiceConfigError";
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

function checkLocation(opts: WorkerOptions): void {
  if (opts.queueUrl && !opts.dbUrl)
    throw new ServiceConfigError(
      "--queue needs --db postgres://...: workers in other processes share rows through PostgreSQL",
    );
  if (opts.queueUrl && !/^rediss?:\/\//.test(opts.queueUrl))
    throw new ServiceConfigError("--queue takes a redis:// URL");
  if (opts.dbUrl && !/^postgres(ql)?:\/\//.test(opts.dbUrl))
    throw new ServiceConfigError("--db takes a postgres:// URL");
}

interface Core {
  store: Store;
  queue: JobQueue;
  policy: TargetPolicy;
  secrets: SecretBox | undefined;
  log: Logger;
  metrics: ReturnType<typeof createMetrics>;
  handles: WorkerHandle[];
  dispatcher: ReturnType<typeof startDispatcher>;
}

async function startCore(opts: WorkerOptions): Promise<Core> {
  checkLocation(opts);
  const log = opts.log ?? createLogger();
  const policy = new TargetPolicy(opts.allowTargets);
  const store = await openStore(opts);
  const secrets = SecretBox.load(store.dataDir, opts.secretKey ? { RAMPART_SECRET_KEY: opts.secretKey } : process.env);
  const metrics = createMetrics(store.db);
  const queue = opts.queueUrl ? bullQueue({ redisUrl: opts.queueUrl, lockMs: opts.lockMs ?? 30_000 }) : leaseQueue();
  const handles: WorkerHandle[] = [];
  if (opts.workers > 0) {
    const runner = createRunner({ db: store.db, policy, secrets, log, metrics, leaseMs: opts.leaseMs ?? 15_000 });
    handles.push(queue.work(opts.workers, runner));
  }
  const dispatcher = startDispatcher({ db: store.db, policy, secrets, log });
  return { store, queue, policy, secrets, log, metrics, handles, dispatcher };
}

async function stopCore(core: Core, drainMs: number): Promise<void> {
  await Promise.all(core.handles.map((h) => h.stop(drainMs)));
  await core.dispatcher.stop();
  await core.queue.close();
  await core.store.close();
}

export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const core = await startCore(opts);
  const limiterRedis = opts.queueUrl ? new IORedis(opts.queueUrl, { maxRetriesPerRequest: 2 }) : undefined;
  limiterRedis?.on("error", () => undefined);
  // Per tenant: a per-minute allowance and a per-second cap, so a burst is throttled too.
  const windows = [
    { keyPrefix: "rampart-rl-min", points: opts.requestsPerMinute ?? 600, duration: 60 },
    { keyPrefix: "rampart-rl-sec", points: opts.burstPerSecond ?? 25, duration: 1 },
  ];
  const limitersFor = (scope: string) =>
    windows.map((w) => {
      const opts = { ...w, keyPrefix: `${w.keyPrefix}-${scope}` };
      return limiterRedis ? new RateLimiterRedis({ storeClient: limiterRedis, ...opts }) : new RateLimiterMemory(opts);
    });
  // The same allowance per client address, checked before authentication (bad-token floods, anonymous bursts).
  const limiters = limitersFor("tenant");
  const addressLimiters = limitersFor("addr");
  const app = createApp({
    store: core.store,
    queue: core.queue,
    policy: core.policy,
    secrets: core.secrets,
    log: core.log,
    metrics: core.metrics,
    limiters,
    addressLimiters,
    maxActiveScans: opts.maxActiveScans ?? 20,
    maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024,
    webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT,
    verifyDomains: opts.verifyDomains ?? true,
  });
  const scheduler = startScheduler({
    db: core.store.db,
    queue: core.queue,
    log: core.log,
    retentionDays: opts.retentionDays ?? 0,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s as Server));
    (s as Server).once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  core.log.info(
    { host: opts.host, port, store: core.store.kind, queue: core.queue.kind, workers: opts.workers },
    "service listening",
  );
  return {
    url: `http://${host}:${port}`,
    port,
    store: core.store,
    flushWebhooks: () => core.dispatcher.tick(),
    async close() {
      scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SSE streams and keep-alive sockets would hold close() open.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      await stopCore(core, opts.drainMs ?? 30_000);
      limiterRedis?.disconnect();
    },
  };
}

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  if (opts.workers < 1) throw new ServiceConfigError("--workers must be at least 1 for rampart worker");
  const core = await startCore(opts);
  core.log.info({ store: core.store.kind, queue: core.queue.kind, workers: opts.workers }, "worker started");
  return { close: () => stopCore(core, opts.drainMs ?? 30_000) };
}

/** Creates an API token for a tenant; only its hash is stored. */
export async function createToken(location: StoreLocation, tenant: string): Promise<string> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(tenant))
    throw new ServiceConfigError("--tenant takes 1-64 letters, digits, dots, dashes or underscores");
  if (location.dbUrl && !/^postgres(ql)?:\/\//.test(location.dbUrl))
    throw new ServiceConfigError("--db takes a postgres:// URL");
  const store = await openStore(location);
  try {
    const token = newToken();
    await store.db
      .insertInto("tokens")
      .values({ hash: hashToken(token), tenant, prefix: token.slice(0, 8), created_at: isoNow() })
      .execute();
    return token;
  } finally {
    await store.close();
  }
}
