/**
 * createGuard(policy): the policy as functions (checkInput, filterOutput, limits) and as one
 * request pipeline, `complete`, that the proxy and the fetch wrapper both run: rate limit, input
 * check, token budget, upstream call with retries, output filtering, logging.
 */

import type { Redis } from "ioredis";
import type { DestinationStream } from "pino";
import { type GuardPolicy, type GuardPolicyInput, parsePolicy } from "./config.js";
import { CircuitBreaker, CircuitOpenError, retryingFetch } from "./fetch.js";
import { checkInput, type InputDecision, type Route } from "./input.js";
import { CallerKeys, upstreamKey } from "./keys.js";
import { Limits, type RateBucket, type RateState } from "./limits.js";
import { createLogger, type GuardLogger, loggableText } from "./log.js";
import { type Refusal, refusalResponse } from "./openai.js";
import { OutputPolicy, type OutputResult, type StreamFilter } from "./output.js";
import { type FilterReport, filterResponse, UpstreamTooLarge } from "./response.js";

/** One line of what the guard did with a request, for metrics hooks. */
export interface GuardEvent {
  route: Route;
  keyId: string;
  model?: string;
  status: number;
  /** "forwarded", or the refusal type. */
  decision: string;
  changes: string[];
  latencyMs: number;
  promptTokens?: number;
  completionTokens?: number;
  retries: number;
  redactions: Record<string, number>;
  blocked?: "protected" | "canary";
}

export interface GuardOptions {
  /** The upstream provider key; default: from the policy's `upstream_key_env` / `upstream_key_file`. */
  upstreamKey?: string;
  /** The fetch used to reach the upstream (default: the global fetch). */
  fetch?: typeof fetch;
  /** Where log lines go (default: stderr). */
  logDestination?: DestinationStream;
  logger?: GuardLogger;
  /** A connected ioredis client for shared counters (else `store.redis_url`, else memory). */
  redis?: Redis;
  onEvent?: (event: GuardEvent) => void;
  /** Randomness and sleep for the retry backoff (tests). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CompleteRequest {
  route: Route;
  body: unknown;
  /** The caller's key id (from authenticate) or any stable caller label. */
  keyId: string;
  /** Full upstream URL of the route. */
  url: string;
  /** Extra headers for the upstream (accept...); authorization is set by the guard. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Guard {
  readonly policy: GuardPolicy;
  readonly logger: GuardLogger;
  /** The key id of a valid caller `Authorization` header, else undefined. */
  authenticate(authorization: string | undefined): string | undefined;
  checkInput(body: unknown, route?: Route): InputDecision;
  filterOutput(text: string): OutputResult;
  streamFilter(): StreamFilter;
  /** Counts a request against the key's rate: a refusal when over it. */
  limitRequest(keyId: string, bucket?: RateBucket): Promise<{ refusal?: Refusal; rate?: RateState }>;
  /** The full pipeline: a refusal, or the upstream answer filtered (streams filtered as they flow). */
  complete(request: CompleteRequest): Promise<Response>;
  /** A fetch that calls the upstream with the guard's key, retries and circuit breaker. */
  readonly upstreamFetch: typeof fetch;
  readonly upstreamKey?: string;
  close(): Promise<void>;
}

export function rateHeaders(rate: RateState | undefined): Record<string, string> {
  if (!rate) return {};
  return {
    "x-ratelimit-limit-requests": String(rate.limit),
    "x-ratelimit-remaining-requests": String(rate.remaining),
    "x-ratelimit-reset-requests": `${rate.resetS}s`,
  };
}

export function createGuard(input: GuardPolicyInput | GuardPolicy, options: GuardOptions = {}): Guard {
  const policy = parsePolicy(input);
  const logger = options.logger ?? createLogger(policy, options.logDestination);
  const keys = new CallerKeys(policy.keys);
  const output = new OutputPolicy(policy.output);
  const limits = new Limits(policy, options.redis);
  const key = options.upstreamKey ?? upstreamKey(policy);
  const breaker = new CircuitBreaker(policy.breaker.failures, policy.breaker.cooldown_ms);
  const base = options.fetch ?? globalThis.fetch;
  const withKey = (init: RequestInit | undefined): RequestInit => {
    const headers = new Headers(init?.headers);
    // The caller's credential never travels upstream; only the guard's own key does.
    headers.delete("authorization");
    if (key) headers.set("authorization", `Bearer ${key}`);
    return { ...init, headers };
  };
  const fetchCounting = (counter: { retries: number }) =>
    retryingFetch(base, {
      retry: policy.retry,
      breaker,
      random: options.random,
      sleep: options.sleep,
      onRetry: ({ attempt, status, waitMs }) => {
        counter.retries = attempt;
        logger.warn({ attempt, status, waitMs }, "upstream retry");
      },
    });

  const emit = (event: GuardEvent, prompt?: string, answer?: string) => {
    const line: Record<string, unknown> = { ...event };
    if (policy.log.prompts) {
      if (prompt !== undefined) line.prompt = loggableText(policy, prompt);
      if (answer !== undefined) line.answer = loggableText(policy, answer);
    }
    logger.info(line, event.decision === "forwarded" ? "request" : "refused");
    options.onEvent?.(event);
  };

  async function complete(req: CompleteRequest): Promise<Response> {
    const started = performance.now();
    const refused = (r: Refusal, rate?: RateState, decision?: InputDecision): Response => {
      emit({
        route: req.route,
        keyId: req.keyId,
        status: r.status,
        decision: r.type,
        changes: [],
        latencyMs: Math.round(performance.now() - started),
        retries: 0,
        redactions: {},
        ...(decision && !decision.ok && decision.injection
          ? { changes: decision.injection.map((m) => `${m.family}/${m.patternId}/${m.reading}`) }
          : {}),
      });
      return refusalResponse(r, rateHeaders(rate));
    };
    const gate = await limits.request(req.keyId);
    if (!gate.ok) return refused(gate.refusal, gate.rate);
    const decision = checkInput(policy, req.body, req.route);
    if (!decision.ok) return refused(decision.refusal, gate.rate, decision);
    const budget = await limits.reserveTokens(req.keyId, decision.promptTokens + decision.maxOutputTokens);
    if (!budget.ok) return refused(budget.refusal, gate.rate);
    const reserved = decision.promptTokens + decision.maxOutputTokens;
    const counter = { retries: 0 };
    let upstream: Response;
    try {
      upstream = await fetchCounting(counter)(
        req.url,
        withKey({
          method: "POST",
          body: JSON.stringify(decision.body),
          headers: { "content-type": "application/json", accept: req.headers?.accept ?? "*/*" },
          signal: req.signal,
        }),
      );
    } catch (err) {
      await limits.refundTokens(req.keyId, reserved);
      if (err instanceof CircuitOpenError)
        return refused(
          { status: 503, type: "upstream_unavailable", message: err.message, retryAfterS: err.retryAfterS },
          gate.rate,
        );
      return refused(
        { status: 502, type: "upstream_unavailable", message: "the upstream could not be reached" },
        gate.rate,
      );
    }
    let filtered: Response;
    try {
      filtered = await filterResponse(output, upstream, (report: FilterReport) => {
        const used = report.usage?.total_tokens;
        if (used !== undefined && used < reserved) void limits.refundTokens(req.keyId, reserved - used);
        emit(
          {
            route: req.route,
            keyId: req.keyId,
            model: decision.model,
            status: upstream.status,
            decision: "forwarded",
            changes: decision.changes,
            latencyMs: Math.round(performance.now() - started),
            promptTokens: report.usage?.prompt_tokens ?? decision.promptTokens,
            completionTokens: report.usage?.completion_tokens,
            retries: counter.retries,
            redactions: report.redactions,
            ...(report.blocked ? { blocked: report.blocked } : {}),
          },
          decision.promptText,
        );
      });
    } catch (err) {
      // A whole answer that is too large, breaks off or times out: the caller gets a clean 502.
      await limits.refundTokens(req.keyId, reserved);
      return refused(
        {
          status: 502,
          type: "upstream_unavailable",
          message: err instanceof UpstreamTooLarge ? err.message : "the upstream answer could not be read",
        },
        gate.rate,
      );
    }
    for (const [k, v] of Object.entries(rateHeaders(gate.rate))) filtered.headers.set(k, v);
    return filtered;
  }

  return {
    policy,
    logger,
    authenticate: (h) => keys.authenticate(h),
    checkInput: (body, route = "chat") => checkInput(policy, body, route),
    filterOutput: (text) => output.filter(text),
    streamFilter: () => output.stream(),
    async limitRequest(keyId, bucket = "completions") {
      const r = await limits.request(keyId, bucket);
      return r.ok ? { rate: r.rate } : { refusal: r.refusal, rate: r.rate };
    },
    complete,
    upstreamFetch: (input, init) => fetchCounting({ retries: 0 })(input, withKey(init)),
    upstreamKey: key,
    close: () => limits.close(),
  };
}
