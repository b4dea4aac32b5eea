/**
 * Resilient upstream calls: retries on 429 and 5xx with exponential backoff and full jitter,
 * honouring Retry-After and x-ratelimit-reset*, a retry cap and a circuit breaker that fails
 * fast while the upstream keeps failing.
 */
import type { GuardPolicy } from "./config.js";

export class CircuitOpenError extends Error {
  override name = "CircuitOpenError";
  constructor(readonly retryAfterS: number) {
    super(`the upstream failed repeatedly; calls are paused for ${retryAfterS} s`);
  }
}

/** Consecutive failures open the circuit for `cooldownMs`; then one trial call decides. */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): "closed" | "open" | "half-open" {
    if (this.failures < this.threshold) return "closed";
    return this.now() < this.openUntil ? "open" : "half-open";
  }

  /** Throws CircuitOpenError while open. */
  check(): void {
    if (this.state === "open") throw new CircuitOpenError(Math.ceil((this.openUntil - this.now()) / 1000));
  }

  success(): void {
    this.failures = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.cooldownMs;
  }
}

const RETRY_STATUS = (s: number) => s === 429 || s === 408 || (s >= 500 && s !== 501);

/** "1s", "6m0s", "20ms", "1.5" (seconds): OpenAI and Together spell resets differently. */
export function parseDurationMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== v) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/** The wait the upstream asks for: Retry-After (seconds or a date), else the x-ratelimit reset headers. */
export function serverWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = parseDurationMs(retryAfter);
    if (seconds !== undefined) return seconds;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resets = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "x-ratelimit-reset"]
    .map((h) => parseDurationMs(headers.get(h)))
    .filter((ms): ms is number => ms !== undefined);
  // A reset far larger than a minute is an epoch timestamp, not a wait.
  const waits = resets.map((ms) => (ms > 10 * 86_400_000 ? Math.max(0, ms - now) : ms));
  return waits.length ? Math.max(...waits) : undefined;
}

export interface RetryOptions {
  retry: GuardPolicy["retry"];
  breaker?: CircuitBreaker;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; status?: number; waitMs: number }) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fetch that retries what is worth retrying; the body must be a string or absent (it is resent). */
export function retryingFetch(base: typeof fetch, o: RetryOptions): typeof fetch {
  const random = o.random ?? Math.random;
  const sleep = o.sleep ?? defaultSleep;
  return async (input, init) => {
    const resendable = init?.body === undefined || init.body === null || typeof init.body === "string";
    for (let attempt = 0; ; attempt++) {
      o.breaker?.check();
      let res: Response | undefined;
      let failure: unknown;
      try {
        const timeout = AbortSignal.timeout(o.retry.timeout_ms);
        res = await base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        failure = err;
      }
      const failed = failure !== undefined || (res !== undefined && res.status >= 500);
      if (failed) o.breaker?.failure();
      else o.breaker?.success();
      const retryable = failure !== undefined || (res !== undefined && RETRY_STATUS(res.status));
      if (!retryable || !resendable || attempt >= o.retry.max) {
        if (failure !== undefined) throw failure;
        return res!;
      }
      const hinted = res ? serverWaitMs(res.headers) : undefined;
      // Full jitter: anywhere between 0 and the exponential ceiling, so callers spread out.
      const waitMs = hinted ?? Math.floor(random() * Math.min(o.retry.max_wait_ms, o.retry.base_ms * 2 ** attempt));
      if (waitMs > o.retry.max_wait_ms) {
        if (failure !== undefined) throw failure;
        return res!;
      }
      await res?.body?.cancel().catch(() => undefined);
      o.onRetry?.({ attempt: attempt + 1, status: res?.status, waitMs });
      await sleep(waitMs);
    }
  };
}
