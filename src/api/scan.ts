/**
 * The one scan API: a typed, validated scan request in, a report out. The CLI, the scan service
 * and the MCP server all build scans through it, so a scan submitted over HTTP or by an agent is
 * configured exactly like `rampart scan` with the same options: the CLI's layers only turn flags
 * into a `ScanRequest`, and the composition (checks, enrichers, identities, layer options) is here.
 *
 * It sits above the checks, OpenAPI and LLM floors and below every front end (cli, server, mcp).
 */
import type { LookupFunction } from "node:net";
import { z } from "zod";
import { CHECKS } from "../checks/index.js";
import { burstOption, DEFAULT_BURST, MAX_BURST } from "../checks/resource-consumption/resource-rate-limit-burst.js";
import { selectChecks } from "../checks/select.js";
import { scanTierOf } from "../engine/check.js";
import { UsageError } from "../engine/errors.js";
import type { ScanReport } from "../engine/finding.js";
import { DEFAULT_LIMITS } from "../engine/http.js";
import { mergeIdentities, parseAuth } from "../engine/identity.js";
import { runScan, type ScanConfig, type TargetEnricher } from "../engine/scan.js";
import { originOf, parseTargetUrl } from "../engine/target.js";
import type { TransportOptions } from "../engine/transport.js";
import { llmEnricher } from "../llm/enricher.js";
import { llmOption } from "../llm/options.js";
import { PROMPT_PLACEHOLDER } from "../llm/shapes/custom.js";
import { TIERS } from "../llm/types.js";
import { isUrl, openapiEnricher } from "../openapi/enricher.js";
import { tierExtension } from "../report/extensions.js";

/** The request fields that turn on an opt-in, with the flag each sets (a check's `optIn`, or read by a check). */
const OPT_INS = [
  ["active", "active"],
  ["ssrfProbe", "ssrf-probe"],
  ["bflaDeep", "bfla-deep"],
  ["exposureDeep", "exposure-deep"],
] as const;

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
    /** Requests of the rate-limit burst; 0 skips the burst. */
    burst: z.number().int().min(0).max(MAX_BURST).default(DEFAULT_BURST),
    /** Point URL parameters at a closed loopback port to see whether the server fetches them. */
    ssrfProbe: z.boolean().default(false),
    /** Request the full list of role-gated paths instead of the short default list. */
    bflaDeep: z.boolean().default(false),
    /** Probe the deep tier of the exposure pack too. */
    exposureDeep: z.boolean().default(false),
    /** Look for a spec at every known location, not only the most common ones. */
    discoverDeep: z.boolean().default(false),
    /** Base path to use instead of the spec's servers: a path, or a URL on the scanned origin. */
    server: z.string().min(1).max(2048).optional(),
    /** LLM probing: false leaves LLM endpoints alone. */
    llm: z.boolean().default(true),
    llmTier: z.enum(TIERS).default("quick"),
    /** Request body template with "{{prompt}}" where the prompt goes (skips field discovery). */
    llmRequest: z
      .unknown()
      .refine((t) => t !== undefined && JSON.stringify(t).includes(PROMPT_PLACEHOLDER), {
        message: `must contain "${PROMPT_PLACEHOLDER}" where the prompt goes`,
      })
      .optional(),
    /** Where the reply is in the response (`$.answer`). */
    llmResponse: z.string().min(1).max(500).optional(),
    /** Model id to send when the endpoint needs one and lists none. */
    llmModel: z
      .string()
      .regex(/^[\w./:@-]{1,200}$/)
      .optional(),
    /** Completion tokens the whole LLM suite may make the target generate. */
    llmMaxTokens: z.number().int().min(1).max(10_000_000).optional(),
    /** "aggressive" lets cost probes ask for large outputs. */
    llmCostProbes: z.enum(["safe", "aggressive"]).default("safe"),
    /** The endpoint's real system prompt, for exact leak matching. */
    systemPrompt: z.string().max(200_000).optional(),
    /** OpenAI-compatible chat completions URL of a judge model: off the target's origin, so trusted callers only. */
    judgeUrl: z.url({ protocol: /^https?$/ }).optional(),
    judgeModel: z.string().min(1).max(200).optional(),
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
  /** Whether `judgeUrl` may be set: the judge lives off the target's origin (the CLI only). */
  allowJudge?: boolean;
  /** Proxy and TLS material (the CLI's `--proxy`, `--tls-*`; HTTP(S)_PROXY/NO_PROXY from `env`). */
  transport?: TransportOptions & { env?: NodeJS.ProcessEnv };
  /** One line per request sent, credentials masked (`-v`). */
  onRequest?(line: string): void;
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
  if (request.server && !request.server.startsWith("/") && originOf(request.server) !== url.origin)
    throw new UsageError(`server must be a path or a URL on the scanned origin ${url.origin}, not ${request.server}`);
  if (request.judgeUrl && !hooks.allowJudge) throw new UsageError("judgeUrl is not accepted here");
  const primary = mergeIdentities(request.auth.map(parseAuth));
  const secondary = mergeIdentities(request.auth2.map(parseAuth));
  // Credential headers become the primary identity in the engine, so headers count as a first identity too.
  if (secondary && !primary && Object.keys(request.headers).length === 0)
    throw new UsageError("auth2 needs auth (the second identity is compared with the first)");
  const enrichers: TargetEnricher[] = [];
  if (request.spec || request.discover)
    enrichers.push(
      openapiEnricher({
        spec: request.spec,
        server: request.server,
        discover: request.discover,
        discoverDeep: request.discoverDeep,
      }),
    );
  if (request.llm) enrichers.push(llmEnricher());
  enrichers.push(tierEnricher);
  const enabled = OPT_INS.flatMap(([field, flag]) => (request[field] ? [flag] : []));
  return {
    url: url.href,
    checks: selectChecks(request.only, request.skip, CHECKS),
    headers: request.headers,
    identities: { ...(primary ? { primary } : {}), ...(secondary ? { secondary } : {}) },
    seed: request.seed,
    enabled,
    limits: {
      budget: request.budget,
      deadlineMs: request.deadlineSeconds * 1000,
      timeoutMs: request.timeoutMs,
      concurrency: request.concurrency,
      rps: request.rps,
      ...(hooks.lookup ? { lookup: hooks.lookup } : {}),
    },
    layers: {
      ...burstOption.entry({ size: request.burst }),
      ...(request.llm ? llmOption.entry(llmOptionsOf(request)) : {}),
    },
    enrichers,
    ...(hooks.transport ? { transport: hooks.transport } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
  };
}

/** The LLM suite's options a request stands for (also what `--dry-run` prints payloads with). */
export function llmOptionsOf(request: ScanRequest): z.input<typeof llmOption.schema> {
  return {
    tier: request.llmTier,
    costProbes: request.llmCostProbes,
    ...(request.llmRequest !== undefined ? { request: request.llmRequest } : {}),
    ...(request.llmResponse !== undefined ? { response: request.llmResponse } : {}),
    ...(request.llmModel !== undefined ? { model: request.llmModel } : {}),
    ...(request.llmMaxTokens !== undefined ? { maxCompletionTokens: request.llmMaxTokens } : {}),
    ...(request.systemPrompt !== undefined ? { systemPrompt: request.systemPrompt } : {}),
    ...(request.judgeUrl !== undefined ? { judgeUrl: request.judgeUrl } : {}),
    ...(request.judgeModel !== undefined ? { judgeModel: request.judgeModel } : {}),
  };
}

/** Publishes the tier a scan ran in; sends nothing. */
const tierEnricher: TargetEnricher = {
  name: "tier",
  maxRequests: 0,
  async enrich({ artefacts, options }) {
    tierExtension.publish(artefacts, scanTierOf(options));
  },
};

/** Runs one scan. Bad input throws before any request; an unreachable target yields an untested report. */
export async function scanTarget(input: ScanRequestInput | ScanRequest, hooks: ScanHooks = {}): Promise<ScanReport> {
  return runScan(scanConfigOf(parseScanRequest(input), hooks));
}
