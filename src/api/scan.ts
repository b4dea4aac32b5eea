/**
 * The one scan API: a typed, validated scan request in, a report out. The scan service, the MCP
 * server (and, in time, the CLI's own layers) build scans through it, so a scan submitted over
 * HTTP or by an agent is configured exactly like `rampart scan` with the same options.
 *
 * It sits above the checks, OpenAPI and LLM floors and below every front end (cli, server, mcp).
 */
import type { LookupFunction } from "node:net";
import { z } from "zod";
import { CHECKS } from "../checks/index.js";
import { selectChecks } from "../checks/select.js";
import { UsageError } from "../engine/errors.js";
import type { ScanReport } from "../engine/finding.js";
import { DEFAULT_LIMITS } from "../engine/http.js";
import { mergeIdentities, parseAuth } from "../engine/identity.js";
import { runScan, type ScanConfig, type TargetEnricher } from "../engine/scan.js";
import { parseTargetUrl } from "../engine/target.js";
import { llmEnricher } from "../llm/enricher.js";
import type { LlmOptions } from "../llm/options.js";
import { TIERS } from "../llm/types.js";
import { isUrl, openapiEnricher } from "../openapi/enricher.js";

export const ScanRequest = z
  .object({
    /** The API URL to scan (http or https). */
    target: z.string().min(1).max(2048),
    /** An OpenAPI/Swagger spec: a URL on the target's origin, or (trusted callers only) a local file. */
    spec: z.string().min(1).max(2048).optional(),
    /** Look for a published spec when none is given. */
    discover: z.boolean().default(true),
    /** Extra headers sent with every request; credential-like ones are redacted everywhere. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Credential specs of the first identity (`bearer:TOKEN`, `header:NAME:VALUE`, ...). */
    auth: z.array(z.string().min(1)).default([]),
    /** Credential specs of a second identity, for cross-user checks. */
    auth2: z.array(z.string().min(1)).default([]),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    budget: z.number().int().min(1).max(100_000).default(DEFAULT_LIMITS.budget),
    deadlineSeconds: z.number().int().min(1).max(3600).default(30),
    timeoutMs: z.number().int().min(100).max(120_000).default(5000),
    concurrency: z.number().int().min(1).max(64).default(8),
    rps: z.number().int().min(0).max(10_000).default(0),
    only: z.array(z.string()).default([]),
    skip: z.array(z.string()).default([]),
    /** LLM probing: false leaves LLM endpoints alone. */
    llm: z.boolean().default(true),
    llmTier: z.enum(TIERS as [string, ...string[]]).default("quick"),
    /** The opt-in active tier (state-changing probes); callers decide who may set it. */
    active: z.boolean().default(false),
  })
  .strict();
export type ScanRequest = z.output<typeof ScanRequest>;
export type ScanRequestInput = z.input<typeof ScanRequest>;

export interface ScanHooks {
  signal?: AbortSignal;
  onProgress?(p: { checksDone: number; checksTotal: number; requests: number }): void;
  /** Whether `spec` may name a file on this machine (true for the CLI and a local MCP server, never for the service). */
  allowSpecFiles?: boolean;
  /** Connect-time name resolution for every request of the scan (the service pins the approved address). */
  lookup?: LookupFunction;
}

/** Validates a request: every problem is a one-line `UsageError`, before any request is sent. */
export function parseScanRequest(input: unknown): ScanRequest {
  const parsed = ScanRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "request";
    throw new UsageError(`${where}: ${issue?.message ?? "invalid scan request"}`);
  }
  return parsed.data;
}

/** The engine configuration a request stands for; throws `UsageError`/`TargetError` on bad input. */
export function scanConfigOf(request: ScanRequest, hooks: ScanHooks = {}): ScanConfig {
  const url = parseTargetUrl(request.target);
  if (request.spec) {
    if (isUrl(request.spec)) {
      if (new URL(request.spec).origin !== url.origin)
        throw new UsageError(`spec ${request.spec} is not on the scanned origin ${url.origin}`);
    } else if (!hooks.allowSpecFiles) throw new UsageError("spec must be a URL on the scanned origin");
  }
  const primary = mergeIdentities(request.auth.map(parseAuth));
  const secondary = mergeIdentities(request.auth2.map(parseAuth));
  if (secondary && !primary) throw new UsageError("auth2 needs auth (the second identity is compared with the first)");
  const enrichers: TargetEnricher[] = [];
  if (request.spec || request.discover)
    enrichers.push(openapiEnricher({ spec: request.spec, discover: request.discover }));
  const llm: Partial<LlmOptions> = { tier: request.llmTier as LlmOptions["tier"], costProbes: "safe" };
  if (request.llm) enrichers.push(llmEnricher());
  return {
    url: url.href,
    checks: selectChecks(request.only.join(","), request.skip.join(","), CHECKS),
    headers: request.headers,
    identities: { ...(primary ? { primary } : {}), ...(secondary ? { secondary } : {}) },
    seed: request.seed,
    enabled: request.active ? ["active"] : [],
    limits: {
      budget: request.budget,
      deadlineMs: request.deadlineSeconds * 1000,
      timeoutMs: request.timeoutMs,
      concurrency: request.concurrency,
      rps: request.rps,
      ...(hooks.lookup ? { lookup: hooks.lookup } : {}),
    },
    layers: request.llm ? { llm } : {},
    enrichers,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  };
}

/** Runs one scan. Bad input throws before any request; an unreachable target yields an untested report. */
export async function scanTarget(input: ScanRequestInput | ScanRequest, hooks: ScanHooks = {}): Promise<ScanReport> {
  return runScan(scanConfigOf(parseScanRequest(input), hooks));
}
