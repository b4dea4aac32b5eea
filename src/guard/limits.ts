/**
 * Per-key request rates and daily token budgets with rate-limiter-flexible: in memory by default,
 * in Redis (`store.redis_url`) when several guard instances share one budget.
 */
import { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { GuardPolicy } from "./config.js";
import type { Refusal } from "./openai.js";

export interface RateState {
  limit: number;
  remaining: number;
  resetS: number;
}

/**
 * Model calls and everything else (model list, unknown routes) are counted apart, each at the
 * per-key rate: a flood of cheap requests is throttled without using up the key's model calls.
 */
export type RateBucket = "completions" | "other";

export type LimitDecision = { ok: true; rate?: RateState } | { ok: false; refusal: Refusal; rate?: RateState };

const DAY_S = 86_400;

export class Limits {
  private readonly requests = new Map<RateBucket, RateLimiterAbstract>();
  private readonly tokens?: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(
    private readonly policy: GuardPolicy,
    redis?: Redis,
  ) {
    const rate = policy.limits.rate?.per_key;
    const perDay = policy.limits.tokens_per_day;
    if (!rate && !perDay) return;
    this.redis =
      redis ??
      (policy.store ? new Redis(policy.store.redis_url, { lazyConnect: false, maxRetriesPerRequest: 1 }) : undefined);
    // Connection errors are expected while Redis is down: the insurance limiters count meanwhile.
    if (!redis) this.redis?.on("error", () => undefined);
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
      this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix,
            points,
            duration,
            // While Redis is down each instance keeps counting on its own instead of failing requests.
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
            rejectIfRedisNotReady: true,
          })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    if (rate)
      for (const bucket of ["completions", "other"] as const)
        this.requests.set(bucket, make(`rampart-guard-rate-${bucket}`, rate.points, rate.durationS));
    if (perDay) this.tokens = make("rampart-guard-tokens", perDay, DAY_S);
  }

  /** Counts one request for `key`. */
  async request(key: string, bucket: RateBucket = "completions"): Promise<LimitDecision> {
    const limiter = this.requests.get(bucket);
    if (!limiter) return { ok: true };
    const limit = this.policy.limits.rate!.per_key;
    try {
      const r = await limiter.consume(key, 1);
      return {
        ok: true,
        rate: { limit: limit.points, remaining: r.remainingPoints, resetS: Math.ceil(r.msBeforeNext / 1000) },
      };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterS = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      return {
        ok: false,
        rate: { limit: limit.points, remaining: 0, resetS: retryAfterS },
        refusal: {
          status: 429,
          type: "rate_limited",
          message: `rate limit reached: ${limit.text} per key; retry in ${retryAfterS} s`,
          retryAfterS,
        },
      };
    }
  }

  /** Reserves the most tokens a request can use against the key's daily budget. */
  async reserveTokens(key: string, tokens: number): Promise<LimitDecision> {
    if (!this.tokens) return { ok: true };
    const budget = this.policy.limits.tokens_per_day!;
    try {
      await this.tokens.consume(key, Math.min(tokens, budget));
      return { ok: true };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterS = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      return {
        ok: false,
        refusal: {
          status: 429,
          type: "token_budget_exhausted",
          message: `daily token budget of ${budget} reached for this key (this request may use up to ${tokens})`,
          retryAfterS,
        },
      };
    }
  }

  /** Gives back what a request reserved but did not use (its reported usage was lower). */
  async refundTokens(key: string, tokens: number): Promise<void> {
    if (this.tokens && tokens > 0) await this.tokens.reward(key, tokens).catch(() => undefined);
  }

  /** Remaining daily tokens for `key` (the full budget when unused). */
  async tokensLeft(key: string): Promise<number | undefined> {
    if (!this.tokens) return undefined;
    const r = await this.tokens.get(key);
    return r ? r.remainingPoints : this.policy.limits.tokens_per_day;
  }

  async close(): Promise<void> {
    if (this.redis && this.policy.store) await this.redis.quit().catch(() => undefined);
  }
}
