/**
 * Scan rows: creation, leases (claim, heartbeat), the one idempotent result write, and the views
 * the API serves (counts and reports with the tenant's triage applied).
 */
import { z } from "zod";
import type { ScanReport } from "../engine/finding.js";
import { ReportExtension } from "../engine/seams.js";
import { SEVERITIES } from "../engine/severity.js";
import { type Db, isoNow, newId, now, type ScanStatus, type ScanTable } from "./db.js";

export const TERMINAL: readonly ScanStatus[] = ["done", "failed", "canceled"];
export type Counts = Record<(typeof SEVERITIES)[number], number>;

export interface ScanProgress {
  checksDone: number;
  checksTotal: number;
  requests: number;
}

export interface NewScan {
  tenant: string;
  target: string;
  /** The validated request, without credentials. */
  request: unknown;
  authProfile?: string;
  scheduleId?: string;
}

export async function createScan(db: Db, scan: NewScan): Promise<ScanTable> {
  const row: ScanTable = {
    id: newId("scan"),
    tenant: scan.tenant,
    target: scan.target,
    status: "queued",
    request: JSON.stringify(scan.request),
    auth_profile: scan.authProfile ?? null,
    schedule_id: scan.scheduleId ?? null,
    progress: null,
    score: null,
    grade: null,
    report: null,
    error: null,
    cancel_requested: 0,
    lease_owner: null,
    lease_until: null,
    attempts: 0,
    created_at: isoNow(),
    started_at: null,
    finished_at: null,
  };
  await db.insertInto("scans").values(row).execute();
  return row;
}

/** The embedded queue: takes the oldest queued scan, or a running one whose lease expired (its worker died). */
export async function claimNext(db: Db, owner: string, leaseMs: number): Promise<ScanTable | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    const t = now();
    const candidate = await db
      .selectFrom("scans")
      .select(["id", "status", "lease_until"])
      .where((eb) =>
        eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("lease_until", "<", t)])]),
      )
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return undefined;
    // Conditional on what we read: two claimers racing for one row, exactly one wins.
    const won = await db
      .updateTable("scans")
      .set((eb) => ({
        status: "running",
        lease_owner: owner,
        lease_until: t + leaseMs,
        attempts: eb("attempts", "+", 1),
        started_at: isoNow(),
      }))
      .where("id", "=", candidate.id)
      .where("status", "=", candidate.status)
      .where((eb) =>
        candidate.lease_until === null ? eb("lease_until", "is", null) : eb("lease_until", "=", candidate.lease_until),
      )
      .returningAll()
      .executeTakeFirst();
    if (won) return won;
  }
  return undefined;
}

/** The distributed queue already chose this worker for the job: take the row over unless it is finished. */
export async function claimScan(db: Db, id: string, owner: string, leaseMs: number): Promise<ScanTable | undefined> {
  return db
    .updateTable("scans")
    .set((eb) => ({
      status: "running",
      lease_owner: owner,
      lease_until: now() + leaseMs,
      attempts: eb("attempts", "+", 1),
      started_at: isoNow(),
    }))
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

/** Extends the lease and publishes progress; undefined when the lease was lost (another worker owns the scan). */
export async function heartbeat(
  db: Db,
  id: string,
  owner: string,
  leaseMs: number,
  progress: ScanProgress | undefined,
): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await db
    .updateTable("scans")
    .set({ lease_until: now() + leaseMs, ...(progress ? { progress: JSON.stringify(progress) } : {}) })
    .where("id", "=", id)
    .where("lease_owner", "=", owner)
    .where("status", "=", "running")
    .returning(["cancel_requested"])
    .executeTakeFirst();
  return row ? { cancelRequested: row.cancel_requested === 1 } : undefined;
}

/** Puts a scan this worker holds back in the queue (graceful shutdown before it finished). */
export async function release(db: Db, id: string, owner: string): Promise<void> {
  await db
    .updateTable("scans")
    .set({ status: "queued", lease_owner: null, lease_until: null })
    .where("id", "=", id)
    .where("lease_owner", "=", owner)
    .where("status", "=", "running")
    .execute();
}

export interface ScanOutcome {
  status: "done" | "failed" | "canceled";
  report?: ScanReport;
  error?: string;
}

/**
 * Writes the result once: only the lease holder of a running scan may, and the findings rows go in
 * the same transaction. `afterWrite` runs inside it too (webhook deliveries), so a crash cannot leave
 * a result without its notifications or notify twice. Returns false when someone else finished it.
 */
export async function finishScan(
  db: Db,
  id: string,
  owner: string,
  outcome: ScanOutcome,
  afterWrite?: (trx: Db, row: ScanTable) => Promise<void>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("scans")
      .set({
        status: outcome.status,
        report: outcome.report ? JSON.stringify(outcome.report) : null,
        score: outcome.report?.score ?? null,
        grade: outcome.report?.grade ?? null,
        error: outcome.error ?? null,
        finished_at: isoNow(),
        lease_owner: null,
        lease_until: null,
        ...(outcome.report
          ? {
              progress: JSON.stringify({
                checksDone: outcome.report.coverage.length,
                checksTotal: outcome.report.coverage.length,
                requests: outcome.report.stats.requests,
              }),
            }
          : {}),
      })
      .where("id", "=", id)
      .where("lease_owner", "=", owner)
      .where("status", "=", "running")
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    const findings = outcome.report?.findings ?? [];
    const seen = new Set<string>();
    const rows = findings
      .filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint))
      .map((f) => ({
        scan_id: id,
        tenant: row.tenant,
        fingerprint: f.fingerprint,
        rule_id: f.ruleId,
        severity: f.severity,
        title: f.title,
        method: f.operation.method,
        path: f.operation.path,
      }));
    await trx.deleteFrom("findings").where("scan_id", "=", id).execute();
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto("findings")
        .values(rows.slice(i, i + 200))
        .execute();
    await afterWrite?.(trx, row);
    return true;
  });
}

export async function triageOf(db: Db, tenant: string): Promise<Map<string, { status: string; reason: string }>> {
  const rows = await db
    .selectFrom("triage")
    .select(["fingerprint", "status", "reason"])
    .where("tenant", "=", tenant)
    .execute();
  return new Map(rows.map((r) => [r.fingerprint, { status: r.status, reason: r.reason }]));
}

/** Findings per severity for each scan, without the ones the tenant triaged. */
export async function countsOf(db: Db, tenant: string, scanIds: readonly string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  for (const id of scanIds) out.set(id, zeroCounts());
  if (scanIds.length === 0) return out;
  const rows = await db
    .selectFrom("findings as f")
    .select(["f.scan_id", "f.severity"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("f.tenant", "=", tenant)
    .where("f.scan_id", "in", [...scanIds])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("triage as t")
            .select("t.fingerprint")
            .whereRef("t.tenant", "=", "f.tenant")
            .whereRef("t.fingerprint", "=", "f.fingerprint"),
        ),
      ),
    )
    .groupBy(["f.scan_id", "f.severity"])
    .execute();
  for (const r of rows) {
    const counts = out.get(r.scan_id);
    if (counts && r.severity in counts) counts[r.severity as keyof Counts] = Number(r.n);
  }
  return out;
}

export function zeroCounts(): Counts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Counts;
}

/** `extensions.triage`: the tenant's marks on the report's findings, by fingerprint (read by the dashboard). */
export const triageExtension = new ReportExtension(
  "triage",
  z.record(z.string(), z.object({ status: z.string(), reason: z.string() })),
);

/** The stored report with the tenant's triage marked under `extensions.triage`. */
export function withTriage(report: ScanReport, triage: Map<string, { status: string; reason: string }>): ScanReport {
  const marked: Record<string, { status: string; reason: string }> = {};
  for (const f of report.findings) {
    const t = triage.get(f.fingerprint);
    if (t) marked[f.fingerprint] = t;
  }
  if (Object.keys(marked).length === 0) return report;
  return triageExtension.withValue(report, marked);
}

/** The public view of a scan row. */
export function scanView(row: ScanTable, counts: Counts) {
  return {
    id: row.id,
    target: row.target,
    status: row.status,
    progress: row.progress ? (JSON.parse(row.progress) as ScanProgress) : null,
    score: row.score,
    grade: row.grade,
    counts,
    attempts: row.attempts,
    error: row.error,
    scheduleId: row.schedule_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
