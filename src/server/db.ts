/**
 * One schema for both stores: SQLite (better-sqlite3, the embedded default) and PostgreSQL (pg, for
 * scale-out), through kysely with its Migrator. Timestamps are ISO strings, instants compared in SQL
 * (leases, next runs) are epoch milliseconds, JSON is text: the same rows read back alike from both.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";

export interface TokenTable {
  hash: string;
  tenant: string;
  prefix: string;
  created_at: string;
}

export type ScanStatus = "queued" | "running" | "done" | "failed" | "canceled";

export interface ScanTable {
  id: string;
  tenant: string;
  target: string;
  status: ScanStatus;
  /** The validated scan request without credentials (JSON). */
  request: string;
  /** Name of the tenant's auth profile the scan uses, if any. */
  auth_profile: string | null;
  schedule_id: string | null;
  progress: string | null;
  score: number | null;
  grade: string | null;
  report: string | null;
  error: string | null;
  cancel_requested: number;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface FindingTable {
  scan_id: string;
  tenant: string;
  fingerprint: string;
  rule_id: string;
  severity: string;
  title: string;
  method: string;
  path: string;
}

export interface TriageTable {
  tenant: string;
  fingerprint: string;
  rule_id: string;
  status: string;
  reason: string;
  created_at: string;
}

export interface ScheduleTable {
  id: string;
  tenant: string;
  target: string;
  cron: string;
  request: string;
  auth_profile: string | null;
  next_run_at: number;
  last_scan_id: string | null;
  created_at: string;
}

export interface WebhookTable {
  id: string;
  tenant: string;
  url: string;
  events: string;
  /** The signing secret, encrypted at rest. */
  secret_enc: string;
  created_at: string;
}

export interface DeliveryTable {
  id: string;
  webhook_id: string;
  tenant: string;
  event: string;
  /** The exact body that is signed and sent (never holds evidence or secrets). */
  payload: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface AuthProfileTable {
  tenant: string;
  name: string;
  /** Credential specs, encrypted at rest and never returned. */
  credentials_enc: string;
  created_at: string;
}

export interface DomainTable {
  tenant: string;
  host: string;
  token: string;
  verified_at: string | null;
  created_at: string;
}

export interface Schema {
  tokens: TokenTable;
  scans: ScanTable;
  findings: FindingTable;
  triage: TriageTable;
  schedules: ScheduleTable;
  webhooks: WebhookTable;
  deliveries: DeliveryTable;
  auth_profiles: AuthProfileTable;
  domains: DomainTable;
}

export type Db = Kysely<Schema>;

export interface Store {
  db: Db;
  kind: "sqlite" | "postgres";
  /** Where the embedded store keeps its files (SQLite mode only). */
  dataDir?: string;
  close(): Promise<void>;
}

// Postgres returns int8 as strings; our bigint columns hold epoch ms, well inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface StoreOptions {
  /** A postgres:// URL; without it the SQLite file in `dataDir` is used. */
  dbUrl?: string;
  dataDir?: string;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.dbUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.dbUrl)) throw new StoreError("--db takes a postgres:// URL");
    const pool = new pg.Pool({ connectionString: opts.dbUrl, max: 10 });
    pool.on("error", () => undefined);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const store: Store = { db, kind: "postgres", close: () => db.destroy() };
    await migrate(store);
    return store;
  }
  const dataDir = path.resolve(opts.dataDir ?? ".rampart");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = new SqliteDatabase(path.join(dataDir, "rampart.db"));
  file.pragma("journal_mode = WAL");
  file.pragma("busy_timeout = 5000");
  file.pragma("foreign_keys = ON");
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }) });
  const store: Store = { db, kind: "sqlite", dataDir, close: () => db.destroy() };
  await migrate(store);
  return store;
}

export class StoreError extends Error {
  override name = "StoreError";
}

/** Migrations are code (not files) so the compiled build carries them; append, never edit. */
const MIGRATIONS: Record<string, Migration> = {
  "0001_initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("tokens")
        .addColumn("hash", "text", (c) => c.primaryKey())
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("prefix", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("scans")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("request", "text", (c) => c.notNull())
        .addColumn("auth_profile", "text")
        .addColumn("schedule_id", "text")
        .addColumn("progress", "text")
        .addColumn("score", "integer")
        .addColumn("grade", "text")
        .addColumn("report", "text")
        .addColumn("error", "text")
        .addColumn("cancel_requested", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("lease_owner", "text")
        .addColumn("lease_until", "bigint")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("started_at", "text")
        .addColumn("finished_at", "text")
        .execute();
      await db.schema.createIndex("scans_tenant_id").on("scans").columns(["tenant", "id"]).execute();
      await db.schema.createIndex("scans_status").on("scans").columns(["status", "lease_until"]).execute();
      await db.schema
        .createTable("findings")
        .addColumn("scan_id", "text", (c) => c.notNull().references("scans.id").onDelete("cascade"))
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("rule_id", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("findings_pk", ["scan_id", "fingerprint"])
        .execute();
      await db.schema.createIndex("findings_tenant_rule").on("findings").columns(["tenant", "rule_id"]).execute();
      await db.schema
        .createTable("triage")
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("rule_id", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("triage_pk", ["tenant", "fingerprint"])
        .execute();
      await db.schema
        .createTable("schedules")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("cron", "text", (c) => c.notNull())
        .addColumn("request", "text", (c) => c.notNull())
        .addColumn("auth_profile", "text")
        .addColumn("next_run_at", "bigint", (c) => c.notNull())
        .addColumn("last_scan_id", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("webhooks")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("events", "text", (c) => c.notNull())
        .addColumn("secret_enc", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("deliveries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("webhook_id", "text", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("lease_until", "bigint")
        .addColumn("last_status", "integer")
        .addColumn("last_error", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("delivered_at", "text")
        .execute();
      await db.schema.createIndex("deliveries_due").on("deliveries").columns(["status", "next_attempt_at"]).execute();
      await db.schema
        .createTable("auth_profiles")
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("credentials_enc", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("auth_profiles_pk", ["tenant", "name"])
        .execute();
      await db.schema
        .createTable("domains")
        .addColumn("tenant", "text", (c) => c.notNull())
        .addColumn("host", "text", (c) => c.notNull())
        .addColumn("token", "text", (c) => c.notNull())
        .addColumn("verified_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("domains_pk", ["tenant", "host"])
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new StoreError(`database migration failed: ${error instanceof Error ? error.message : error}`);
}

/** Epoch ms now; one place so leases and schedules agree. */
export const now = (): number => Date.now();
export const isoNow = (): string => new Date().toISOString();

/** Sortable ids: time first (so cursors are plain id comparisons), random tail. */
export function newId(prefix: string): string {
  const rand = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}_${Date.now().toString(36).padStart(9, "0")}${Buffer.from(rand).toString("hex")}`;
}
