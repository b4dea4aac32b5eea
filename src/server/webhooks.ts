/**
 * Webhooks signed the Standard Webhooks way (the `standardwebhooks` package signs; receivers verify
 * with it or any compatible library): headers webhook-id, webhook-timestamp and
 * webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, secret `whsec_<base64>`.
 * Deliveries are rows written in the transaction that finishes the scan, then sent by a dispatcher
 * with exponential backoff; every attempt's outcome stays in the delivery log.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import type { Finding, ScanReport } from "../engine/finding.js";
import { type Db, isoNow, newId, now, type ScanTable } from "./db.js";
import { PolicyError, pinnedLookup, type TargetPolicy } from "./policy.js";
import type { SecretBox } from "./secrets.js";

export const WEBHOOK_EVENTS = ["scan.completed", "scan.failed", "finding.new"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Attempts before a delivery is given up; the waits between them double from one second. */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 1000;
const SEND_TIMEOUT_MS = 5000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** What a finding looks like in a webhook body: no evidence, no excerpt, nothing secret. */
function findingSummary(f: Finding) {
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    operation: f.operation,
    fingerprint: f.fingerprint,
  };
}

/** Queues the deliveries a finished scan causes, inside the transaction that wrote it. */
export async function queueScanEvents(
  trx: Db,
  row: ScanTable,
  report: ScanReport | undefined,
  newFindings: readonly Finding[],
): Promise<void> {
  const hooks = await trx.selectFrom("webhooks").selectAll().where("tenant", "=", row.tenant).execute();
  if (hooks.length === 0) return;
  const scan = { id: row.id, target: row.target, status: row.status, score: row.score, grade: row.grade };
  const events: { type: WebhookEvent; data: unknown }[] = [];
  if (row.status === "failed") events.push({ type: "scan.failed", data: { scan, error: row.error } });
  else events.push({ type: "scan.completed", data: { scan, partial: report?.partial ?? null } });
  if (newFindings.length > 0)
    events.push({ type: "finding.new", data: { scan, findings: newFindings.map(findingSummary) } });
  const t = now();
  for (const hook of hooks) {
    const wanted = JSON.parse(hook.events) as string[];
    for (const event of events) {
      if (!wanted.includes(event.type)) continue;
      const id = newId("msg");
      await trx
        .insertInto("deliveries")
        .values({
          id,
          webhook_id: hook.id,
          tenant: row.tenant,
          event: event.type,
          payload: JSON.stringify({ type: event.type, timestamp: new Date(t).toISOString(), data: event.data }),
          status: "pending",
          attempts: 0,
          next_attempt_at: t,
          lease_until: null,
          last_status: null,
          last_error: null,
          created_at: isoNow(),
          delivered_at: null,
        })
        .execute();
    }
  }
}

export interface Dispatcher {
  /** Sends every delivery that is due now (tests and shutdown call it directly). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startDispatcher(deps: {
  db: Db;
  policy: TargetPolicy;
  secrets: SecretBox | undefined;
  log: Logger;
  intervalMs?: number;
}): Dispatcher {
  const { db, log } = deps;
  let stopped = false;
  let running: Promise<number> | undefined;

  async function claim(): Promise<string | undefined> {
    const t = now();
    const due = await db
      .selectFrom("deliveries")
      .select(["id", "lease_until"])
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", t)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", t)]))
      .orderBy("next_attempt_at")
      .limit(1)
      .executeTakeFirst();
    if (!due) return undefined;
    const won = await db
      .updateTable("deliveries")
      .set({ lease_until: t + SEND_TIMEOUT_MS * 3 })
      .where("id", "=", due.id)
      .where((eb) =>
        due.lease_until === null ? eb("lease_until", "is", null) : eb("lease_until", "=", due.lease_until),
      )
      .returning("id")
      .executeTakeFirst();
    return won?.id ?? "";
  }

  async function send(id: string): Promise<void> {
    const d = await db.selectFrom("deliveries").selectAll().where("id", "=", id).executeTakeFirst();
    const hook = d && (await db.selectFrom("webhooks").selectAll().where("id", "=", d.webhook_id).executeTakeFirst());
    if (!d || !hook) return;
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (!deps.secrets) throw new Error("no service key to open the webhook secret");
      const pin = await deps.policy.check(hook.url);
      const sentAt = new Date();
      const signature = new Webhook(deps.secrets.open(hook.secret_enc)).sign(d.id, sentAt, d.payload);
      // A fresh agent per attempt: its connections can only reach the address the policy approved.
      const agent = new Agent({ connect: { lookup: pinnedLookup(pin), timeout: SEND_TIMEOUT_MS } });
      try {
        const res = await request(hook.url, {
          method: "POST",
          body: d.payload,
          headers: {
            "content-type": "application/json",
            "user-agent": "rampart-webhooks",
            "webhook-id": d.id,
            "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
            "webhook-signature": signature,
          },
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
          dispatcher: agent,
        });
        status = res.statusCode;
        await res.body.dump();
      } finally {
        await agent.destroy();
      }
      if (status < 200 || status >= 300) error = `receiver answered ${status}`;
    } catch (err) {
      error = err instanceof PolicyError ? `refused by target policy: ${err.message}` : oneLine(err);
    }
    const attempts = d.attempts + 1;
    const delivered = error === null;
    await db
      .updateTable("deliveries")
      .set({
        attempts,
        last_status: status,
        last_error: error,
        lease_until: null,
        status: delivered ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        next_attempt_at: now() + FIRST_RETRY_MS * 2 ** (attempts - 1),
        delivered_at: delivered ? isoNow() : null,
      })
      .where("id", "=", id)
      .execute();
    log.info({ delivery: id, webhook: hook.id, event: d.event, attempts, status, error }, "webhook delivery");
  }

  async function drainDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      if (stopped) return sent;
      const id = await claim();
      if (id === undefined) return sent;
      if (id === "") continue;
      await send(id);
      sent++;
    }
  }

  const tick = (): Promise<number> => {
    running ??= drainDue()
      .catch((err) => {
        log.error({ err: oneLine(err) }, "webhook dispatcher");
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), deps.intervalMs ?? 500);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0].slice(0, 300);
}
