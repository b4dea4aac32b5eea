/**
 * Running scans. Two queues behind one interface: the embedded lease queue (the scans table is the
 * job table: lease owner, lease until, attempts) and BullMQ on Redis for scale-out (its own lock
 * renewal and stalled-job recovery). Either way the runner holds a database lease it renews while
 * the scan runs, so a worker killed mid-scan is replaced and only the lease holder may write the
 * result (once).
 */
import { hostname } from "node:os";
import { Queue, Worker } from "bullmq";
import { Redis as IORedis } from "ioredis";
import type { Logger } from "pino";
import { parseScanRequest, type ScanRequest, scanTarget } from "../api/scan.js";
import type { Finding, ScanReport } from "../engine/finding.js";
import { diffFindings } from "../report/diff.js";
import type { Db, ScanTable } from "./db.js";
import type { Metrics } from "./metrics.js";
import { PolicyError, pinnedLookup, type TargetPolicy } from "./policy.js";
import { claimNext, claimScan, finishScan, heartbeat, release, type ScanProgress } from "./scans.js";
import type { SecretBox } from "./secrets.js";
import { oneLine, queueScanEvents } from "./webhooks.js";

export interface JobQueue {
  readonly kind: "lease" | "bullmq";
  /** Makes a queued scan runnable (the lease queue needs nothing: the row is the job). */
  enqueue(scanId: string): Promise<void>;
  /** Runs scans with `concurrency` slots until stopped. */
  work(concurrency: number, runner: ScanRunner): WorkerHandle;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface WorkerHandle {
  /** Stops taking scans; running ones get `drainMs` to finish, then are put back in the queue. */
  stop(drainMs: number): Promise<void>;
}

export interface RunnerDeps {
  db: Db;
  policy: TargetPolicy;
  secrets: SecretBox | undefined;
  log: Logger;
  metrics: Metrics;
  leaseMs: number;
}

export type ScanRunner = ReturnType<typeof createRunner>;

/** Auth profiles hold credential specs for the first and second identity. */
export interface AuthProfile {
  auth: string[];
  auth2: string[];
}

export function createRunner(deps: RunnerDeps) {
  const { db, log, leaseMs } = deps;
  const instance = `${hostname()}:${process.pid}`;
  let slot = 0;

  /** Runs a claimed scan to its one result write. Resolves "released" when shut down before the end. */
  async function run(row: ScanTable, owner: string, drain: AbortSignal): Promise<"written" | "lost" | "released"> {
    const started = Date.now();
    const abort = new AbortController();
    let latest: ScanProgress | undefined;
    let lost = false;
    let canceled = false;
    const beat = async () => {
      try {
        const state = await heartbeat(db, row.id, owner, leaseMs, latest);
        if (!state) {
          lost = true;
          abort.abort(new Error("lease lost to another worker"));
        } else if (state.cancelRequested && !canceled) {
          canceled = true;
          abort.abort(new Error("canceled by the user"));
        }
      } catch (err) {
        log.warn({ scan: row.id, err: oneLine(err) }, "heartbeat failed");
      }
    };
    const timer = setInterval(() => void beat(), Math.max(100, Math.floor(leaseMs / 3)));
    const onDrain = () => abort.abort(new Error("service shutting down"));
    drain.addEventListener("abort", onDrain, { once: true });
    log.info({ scan: row.id, tenant: row.tenant, attempt: row.attempts, owner }, "scan started");
    let outcome: Parameters<typeof finishScan>[3];
    try {
      const request = await requestOf(row);
      const pin = await deps.policy.check(request.target);
      const report = await scanTarget(request, {
        signal: abort.signal,
        allowSpecFiles: false,
        lookup: pinnedLookup(pin),
        onProgress: (p) => {
          latest = p;
        },
      });
      outcome = { status: canceled ? "canceled" : "done", report };
    } catch (err) {
      const message = err instanceof PolicyError ? `target refused: ${err.message}` : oneLine(err);
      outcome = { status: canceled ? "canceled" : "failed", error: message };
    } finally {
      clearInterval(timer);
      drain.removeEventListener("abort", onDrain);
    }
    if (lost) return "lost";
    if (drain.aborted && !canceled) {
      await release(db, row.id, owner);
      log.info({ scan: row.id }, "scan released for another worker (shutdown)");
      return "released";
    }
    const report = outcome.report;
    const written = await finishScan(db, row.id, owner, outcome, async (trx, finished) => {
      const fresh = report ? await newFindingsOf(trx, finished, report) : [];
      await queueScanEvents(trx, finished, report, fresh);
      if (finished.schedule_id)
        await trx
          .updateTable("schedules")
          .set({ last_scan_id: finished.id })
          .where("id", "=", finished.schedule_id)
          .execute();
    });
    deps.metrics.scansFinished.inc({ status: outcome.status });
    deps.metrics.scanSeconds.observe((Date.now() - started) / 1000);
    log.info(
      { scan: row.id, status: outcome.status, written, score: report?.score, requests: report?.stats.requests },
      "scan finished",
    );
    return written ? "written" : "lost";
  }

  async function requestOf(row: ScanTable): Promise<ScanRequest> {
    const base = parseScanRequest(JSON.parse(row.request));
    if (!row.auth_profile) return base;
    const profile = await db
      .selectFrom("auth_profiles")
      .select("credentials_enc")
      .where("tenant", "=", row.tenant)
      .where("name", "=", row.auth_profile)
      .executeTakeFirst();
    if (!profile) throw new Error(`auth profile ${JSON.stringify(row.auth_profile)} no longer exists`);
    if (!deps.secrets) throw new Error("no service key (RAMPART_SECRET_KEY) to open the auth profile");
    const creds = JSON.parse(deps.secrets.open(profile.credentials_enc)) as AuthProfile;
    return { ...base, auth: creds.auth, auth2: creds.auth2 };
  }

  return {
    run,
    /** A lease owner name unique to this process and slot. */
    ownerName: () => `${instance}#${slot++}`,
    leaseMs,
    db,
    log,
  };
}

/** Findings of this scan that the previous finished scan of the same target (same tenant) did not have. */
async function newFindingsOf(trx: Db, row: ScanTable, report: ScanReport): Promise<Finding[]> {
  const previous = await trx
    .selectFrom("scans")
    .select("id")
    .where("tenant", "=", row.tenant)
    .where("target", "=", row.target)
    .where("status", "=", "done")
    .where("id", "<", row.id)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!previous) return [];
  const before = await trx.selectFrom("findings").select("fingerprint").where("scan_id", "=", previous.id).execute();
  const beforeAsFindings = before.map((b) => ({ fingerprint: b.fingerprint }) as Finding);
  return diffFindings(beforeAsFindings, report.findings).new;
}

/**
 * The embedded queue: slots poll the scans table for a queued scan or an expired lease. A submission
 * in this process wakes idle slots at once; the poll finds work queued by other processes.
 */
export function leaseQueue(pollMs = 250): JobQueue {
  let wake = new AbortController();
  return {
    kind: "lease",
    async enqueue() {
      wake.abort();
      wake = new AbortController();
    },
    ready: async () => true,
    close: async () => undefined,
    work(concurrency, runner) {
      const stopClaiming = new AbortController();
      const drain = new AbortController();
      const loops: Promise<void>[] = [];
      for (let i = 0; i < concurrency; i++) {
        const owner = runner.ownerName();
        loops.push(
          (async () => {
            while (!stopClaiming.signal.aborted) {
              let row: ScanTable | undefined;
              try {
                row = await claimNext(runner.db, owner, runner.leaseMs);
              } catch (err) {
                runner.log.error({ err: oneLine(err) }, "claiming a scan failed");
              }
              if (row) await runner.run(row, owner, drain.signal).catch(logFailure(runner.log));
              else await sleep(pollMs, stopClaiming.signal, wake.signal);
            }
          })(),
        );
      }
      return {
        async stop(drainMs) {
          // Stop claiming at once; running scans get drainMs to finish, then go back to the queue.
          stopClaiming.abort();
          const timer = setTimeout(() => drain.abort(), drainMs);
          await Promise.all(loops);
          clearTimeout(timer);
        },
      };
    },
  };
}

function logFailure(log: Logger) {
  return (err: unknown) => log.error({ err: oneLine(err) }, "scan run failed");
}

/** Waits `ms`, or less when any of the signals fires; leaves no listener behind. */
function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) {
      if (s.aborted) return done();
      s.addEventListener("abort", done, { once: true });
    }
  });
}

export interface BullOptions {
  redisUrl: string;
  /** BullMQ lock time: a killed worker's scan is picked up again after about this long. */
  lockMs: number;
}

const QUEUE_NAME = "rampart-scans";

/** Scale-out: BullMQ on Redis; workers in any number of processes. */
export function bullQueue(opts: BullOptions): JobQueue {
  const connect = () => new IORedis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const connection = connect();
  connection.on("error", () => undefined);
  const queue = new Queue(QUEUE_NAME, { connection });
  queue.on("error", () => undefined);
  const workers: Worker[] = [];
  const workerConnections: IORedis[] = [];
  return {
    kind: "bullmq",
    async enqueue(scanId) {
      await queue.add(
        "scan",
        { scanId },
        { jobId: scanId, attempts: 3, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: 1000 },
      );
    },
    async ready() {
      try {
        return (await connection.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    work(concurrency, runner) {
      const drain = new AbortController();
      const owners: string[] = [];
      const workerConnection = connect();
      workerConnection.on("error", () => undefined);
      workerConnections.push(workerConnection);
      const worker = new Worker(
        QUEUE_NAME,
        async (job) => {
          const scanId = String((job.data as { scanId: string }).scanId);
          const owner = owners.pop() ?? runner.ownerName();
          try {
            const row = await claimScan(runner.db, scanId, owner, runner.leaseMs);
            if (!row) return "already finished";
            const result = await runner.run(row, owner, drain.signal);
            // A scan handed back at shutdown must be retried by another worker.
            if (result === "released") throw new Error("released at shutdown");
            return result;
          } finally {
            owners.push(owner);
          }
        },
        {
          connection: workerConnection,
          concurrency,
          lockDuration: opts.lockMs,
          stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
          maxStalledCount: 3,
        },
      );
      worker.on("error", (err) => runner.log.warn({ err: oneLine(err) }, "bullmq worker"));
      workers.push(worker);
      return {
        async stop(drainMs) {
          const closing = worker.close();
          setTimeout(() => drain.abort(), drainMs).unref();
          await closing;
        },
      };
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      // BullMQ leaves connections it was given open; these are ours to end.
      for (const c of [connection, ...workerConnections]) c.disconnect();
    },
  };
}
