/**
 * The runner every injection check shares: a probe class is data (which slots it applies to, how
 * many requests it may send per slot, how it judges) and this module walks the parameter slots of
 * the target with it, within the check's cap and the scan's budget, and reports each verdict with
 * its probe, control and confirmation exchanges. Slots it could not probe are named in the report
 * (`extensions.injection`), so a budget-cut scan says what it did not test.
 */
import { z } from "zod";
import { type CheckContext, ScanTier, scanTierOf } from "../../engine/check.js";
import { toCurl } from "../../engine/curl.js";
import type { Confidence, Severity } from "../../engine/finding.js";
import { type Exchange, HttpError, jsonOf, textOf } from "../../engine/http.js";
import { type ParamSlot, parameterSlots, type SlotValueOptions, slotUrl } from "../../engine/params.js";
import { createRng, type Rng } from "../../engine/rng.js";
import { ReportExtension } from "../../engine/seams.js";

/** Requests one probe class may send to one slot, at most (the rail). */
export const MAX_PER_SLOT = 12;
/** Slots a class probes per scan at most; more are listed as not probed. */
export const MAX_SLOTS = 40;
/** Share of the scan budget injection probes leave to the rest of the scan (bursts run after them). */
const RESERVED_SHARE = 0.1;
const RESERVED_MIN = 30;
/** Slots probed at once by one check (the client's own concurrency caps the scan). */
const SLOT_CONCURRENCY = 4;

export interface SlotProbe {
  slot: ParamSlot;
  rng: Rng;
  /** The engine's first answer to the operation, when it has one. */
  baseline?: Exchange;
  /** Sends the operation with `value` in the slot (fresh: never answered from the shared cache). */
  send(value: string, options?: SlotValueOptions): Promise<Exchange>;
  /** The answer to the slot's own start value (shared with other checks, sent once per scan). */
  original(): Promise<Exchange>;
}

export interface RelatedExchange {
  role: string;
  exchange: Exchange;
}

export interface InjectionVerdict {
  message: string;
  confidence: Confidence;
  severity?: Severity;
  /** The exchange that shows it. */
  probe: Exchange;
  /** Controls and confirmations, each reported with its curl line. */
  related: RelatedExchange[];
  detail: string;
  excerpt?: string;
}

export interface ProbeClass {
  tier: ScanTier;
  /** Worst-case requests per slot; at most MAX_PER_SLOT. */
  requestsPerSlot: number;
  /** Which slots the class applies to (location, name, value, baseline). */
  applies(slot: ParamSlot, baseline: Exchange | undefined): boolean;
  /** Probes one slot; a verdict when the class is shown, else undefined. */
  probe(p: SlotProbe): Promise<InjectionVerdict | undefined>;
}

/** `extensions.injection`: the tier, and per injection check the slots it found, probed and left. */
export const injectionExtension = new ReportExtension(
  "injection",
  z.object({
    tier: ScanTier,
    checks: z.record(
      z.string(),
      z.object({ slots: z.number().int(), probed: z.number().int(), notProbed: z.array(z.string()) }),
    ),
  }),
);
export type InjectionCoverage = z.output<typeof injectionExtension.schema>;

/** The cap a check declares: every slot it may probe, at the class's worst case. */
export function injectionMaxRequests(requestsPerSlot: number): number {
  return Math.min(MAX_PER_SLOT, requestsPerSlot) * MAX_SLOTS;
}

/** Adds this check's slot coverage to `extensions.injection` (shared by every injection check, keys sorted). */
function recordCoverage(ctx: CheckContext, entry: InjectionCoverage["checks"][string]): void {
  const current = injectionExtension.current(ctx.artefacts);
  const checks = Object.fromEntries(
    Object.entries({ ...current?.checks, [ctx.meta.id]: entry }).sort(([a], [b]) => a.localeCompare(b)),
  );
  injectionExtension.publish(ctx.artefacts, { tier: scanTierOf(ctx.options), checks });
}

function requestLine(x: Exchange): string {
  const u = new URL(x.request.url);
  return `${x.request.method} ${u.pathname}${u.search}`;
}

/** What injection probes may still spend: the scan budget left, less a reserve for the other checks. */
function scanBudgetLeft(ctx: CheckContext): number {
  const { budget } = ctx.scan.limits;
  const reserve = Math.min(Math.max(RESERVED_MIN, Math.round(budget * RESERVED_SHARE)), Math.floor(budget / 2));
  return budget - reserve - ctx.scan.requestsSent;
}

/** Runs a probe class over every slot it applies to and reports what it proves. */
export async function runInjection(ctx: CheckContext, cls: ProbeClass): Promise<void> {
  const perSlot = Math.min(MAX_PER_SLOT, cls.requestsPerSlot);
  const all = parameterSlots(ctx.target).filter((slot) => cls.applies(slot, baselineOf(ctx, slot)));
  if (all.length === 0) return ctx.skip("no parameter slot this class applies to");
  const chosen = all.slice(0, MAX_SLOTS);
  const notProbed = all.slice(MAX_SLOTS).map((s) => s.label);
  const credentialHeaders = new Set(ctx.identities.credentialHeaders());
  let probed = 0;
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const slot = chosen[next++];
      if (ctx.http.remaining < perSlot || scanBudgetLeft(ctx) < perSlot || ctx.scan.deadlineReached) {
        notProbed.push(slot.label);
        continue;
      }
      try {
        const verdict = await cls.probe({
          slot,
          rng: createRng(ctx.options.seed, `${ctx.meta.id} ${slot.label}`),
          baseline: baselineOf(ctx, slot),
          send: (value, options) =>
            ctx.http.request({
              url: slotUrl(slot, value, options),
              headers: slot.op.sampleHeaders,
              fresh: true,
              ...(cls.tier === "active" ? { tier: "active" as const } : {}),
            }),
          original: () => ctx.http.get(slotUrl(slot, startValue(slot)), { headers: slot.op.sampleHeaders }),
        });
        probed++;
        if (verdict) report(ctx, slot, verdict, credentialHeaders);
      } catch (err) {
        if (!(err instanceof HttpError) || err.code === "scope" || err.code === "method") throw err;
        notProbed.push(slot.label);
      }
    }
  };
  await Promise.all(Array.from({ length: SLOT_CONCURRENCY }, worker));
  notProbed.sort();
  recordCoverage(ctx, { slots: all.length, probed, notProbed });
  if (notProbed.length > 0)
    ctx.inconclusive(`${notProbed.length} of ${all.length} slots not probed (budget, deadline or slot cap)`);
}

function baselineOf(ctx: CheckContext, slot: ParamSlot): Exchange | undefined {
  return ctx.baseline(slot.op);
}

function report(
  ctx: CheckContext,
  slot: ParamSlot,
  verdict: InjectionVerdict,
  credentialHeaders: ReadonlySet<string>,
): void {
  ctx.report({
    message: verdict.message,
    confidence: verdict.confidence,
    ...(verdict.severity ? { severity: verdict.severity } : {}),
    operation: { method: slot.op.method, path: slot.op.path },
    exchange: verdict.probe,
    key: `${slot.in}:${slot.name}`,
    evidence: {
      detail: verdict.detail,
      excerpt: verdict.excerpt ?? textOf(verdict.probe).slice(0, 200),
      related: verdict.related.map(({ role, exchange }) => ({
        role,
        request: requestLine(exchange),
        status: exchange.status,
        reproduce: toCurl(exchange.request, credentialHeaders),
      })),
    },
  });
}

/** A short excerpt around the first occurrence of `needle` in the answer. */
export function excerptAround(x: Exchange, needle: string, radius = 80): string {
  const text = textOf(x);
  const at = text.indexOf(needle);
  if (at < 0) return text.slice(0, 2 * radius);
  return text.slice(Math.max(0, at - radius), at + needle.length + radius);
}

/** A value a slot's probe starts from: the sample value, or `1` when the slot had none. */
export function startValue(slot: ParamSlot): string {
  return slot.value === "" ? "1" : slot.value;
}

/**
 * How much an answer returned: the records of a JSON list (top level or one level down), 1 for
 * another non-empty 2xx answer, 0 for an empty one or an error.
 */
export function recordsIn(x: Exchange): number {
  if (x.status < 200 || x.status >= 300) return 0;
  const body = jsonOf(x);
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === "object") {
    const lists = Object.values(body).filter(Array.isArray) as unknown[][];
    if (lists.length > 0) return Math.max(...lists.map((l) => l.length));
    return Object.keys(body).length > 0 ? 1 : 0;
  }
  return textOf(x).trim().length > 0 ? 1 : 0;
}
