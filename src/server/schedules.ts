/**
 * Rescans on a schedule (cron expressions parsed by cron-parser, in UTC) and retention. Every serve
 * process runs the ticker; a schedule's next run is advanced with a conditional update, so with
 * several API processes each due run still starts exactly once.
 */
import { CronExpressionParser } from "cron-parser";
import type { Logger } from "pino";
import { type Db, now } from "./db.js";
import type { JobQueue } from "./jobs.js";
import { createScan } from "./scans.js";
import { oneLine } from "./webhooks.js";

/** The next run after `from`, epoch ms; throws a one-line Error for a bad expression. */
export function nextRun(cron: string, from = new Date()): number {
  try {
    return CronExpressionParser.parse(cron, { currentDate: from, tz: "UTC" }).next().getTime();
  } catch (err) {
    throw new Error(`cron: ${(err as Error).message.split("\n")[0]}`);
  }
}

export interface Ticker {
  tick(): Promise<void>;
  stop(): void;
}

export function startScheduler(deps: {
  db: Db;
  queue: JobQueue;
  log: Logger;
  /** Finished scans older than this many days are deleted (0 keeps everything). */
  retentionDays: number;
  intervalMs?: number;
}): Ticker {
  const { db, log } = deps;
  let lastSweep = 0;
  async function tick() {
    const t = now();
    const due = await db.selectFrom("schedules").selectAll().where("next_run_at", "<=", t).execute();
    for (const s of due) {
      const claimed = await db
        .updateTable("schedules")
        .set({ next_run_at: nextRun(s.cron, new Date(t)) })
        .where("id", "=", s.id)
        .where("next_run_at", "=", s.next_run_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      const row = await createScan(db, {
        tenant: s.tenant,
        target: s.target,
        request: JSON.parse(s.request),
        authProfile: s.auth_profile ?? undefined,
        scheduleId: s.id,
      });
      await deps.queue.enqueue(row.id);
      log.info({ schedule: s.id, scan: row.id, tenant: s.tenant }, "scheduled scan queued");
    }
    if (deps.retentionDays > 0 && t - lastSweep > 3_600_000) {
      lastSweep = t;
      const cutoff = new Date(t - deps.retentionDays * 86_400_000).toISOString();
      const old = await db
        .deleteFrom("scans")
        .where("finished_at", "<", cutoff)
        .where("status", "in", ["done", "failed", "canceled"])
        .executeTakeFirst();
      await db.deleteFrom("deliveries").where("created_at", "<", cutoff).execute();
      if (Number(old.numDeletedRows) > 0) log.info({ deleted: Number(old.numDeletedRows) }, "retention sweep");
    }
  }
  let running: Promise<void> | undefined;
  const safeTick = () => {
    running ??= tick()
      .catch((err) => log.error({ err: oneLine(err) }, "scheduler"))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void safeTick(), deps.intervalMs ?? 1000);
  timer.unref();
  void safeTick();
  return { tick: safeTick, stop: () => clearInterval(timer) };
}
