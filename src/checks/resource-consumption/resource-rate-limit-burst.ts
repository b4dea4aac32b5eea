import { z } from "zod";
import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { LayerOption } from "../../engine/seams.js";
import { isRepeatable } from "../../engine/side-effects.js";

export const DEFAULT_BURST = 30;
/** Largest burst; `maxRequests` is sized for it. */
export const MAX_BURST = 100;
/** `--burst N` / `--no-burst` (size 0 skips the burst); the default when a scan sets nothing. */
export const burstOption = new LayerOption(
  "burst",
  z.object({ size: z.number().int().min(0).max(MAX_BURST).default(DEFAULT_BURST) }),
);
/** The burst is meant to land within this window; slower targets make the verdict tentative. */
const WINDOW_MS = 2000;

/** The limit and the remaining count a response announces (`RateLimit-*`, `X-RateLimit-*`, the IETF `RateLimit` field). */
export function announcedLimit(x: Exchange): { limit: number; remaining?: number } | undefined {
  const h = x.headers;
  const numberIn = (value: string | undefined) => {
    const m = /\d+/.exec(value ?? "");
    return m ? Number(m[0]) : undefined;
  };
  const combined = h.ratelimit ?? "";
  const limit =
    numberIn(h["ratelimit-limit"] ?? h["x-ratelimit-limit"] ?? h["x-rate-limit-limit"]) ??
    numberIn(/limit=(\d+)/.exec(combined)?.[1]) ??
    numberIn(h["ratelimit-policy"]);
  if (limit === undefined) return undefined;
  const remaining =
    numberIn(h["ratelimit-remaining"] ?? h["x-ratelimit-remaining"] ?? h["x-rate-limit-remaining"]) ??
    numberIn(/(?:^|[,;\s])r(?:emaining)?=(\d+)/.exec(combined)?.[1]);
  return { limit, ...(remaining === undefined ? {} : { remaining }) };
}

function limited(x: Exchange): boolean {
  return x.status === 429 || (x.status === 503 && x.headers["retry-after"] !== undefined);
}

export default defineCheck({
  meta: {
    id: "resource-rate-limit-burst",
    title: "No rate limiting under a short burst",
    category: "resource-consumption",
    severity: "medium",
    confidence: "firm",
    owasp: ["API4:2023", "API6:2023"],
    cwe: ["CWE-770", "CWE-799"],
    phase: "burst",
    maxRequests: MAX_BURST,
    description:
      "A bounded burst of identical cheap GETs (30 by default within about 2 seconds; `--burst N`, `--no-burst` to skip) never got a 429: nothing stops a client from scraping, brute-forcing credentials or running up costs. Only a read operation that answered 2xx is burst (never a route that may change state). An announced limit above the burst size that counts down is a working limiter (pass, figures in coverage); an announced counter that never moves is reported low and tentative. Retries are off during the burst so every 429 is seen.",
    remediation:
      "Rate-limit per client (key, user, IP) at the gateway or in middleware, answer 429 with `Retry-After`, and keep stricter limits on login, OTP and expensive operations.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/"],
  },
  async run(ctx) {
    const { size } = ctx.option(burstOption);
    if (size === 0) return ctx.skip("burst disabled (--no-burst)");
    // Only reads that answered 2xx: a burst of a state-changing route (`GET /createdb`) is damage, and of a 404 measures nothing.
    const candidates = ctx.target.operations
      .filter((op) => op.method === "GET" && isRepeatable(op))
      .map((op) => ctx.baseline(op))
      .filter((x): x is Exchange => x !== undefined && isSuccess(x) && !isRefusal(x));
    const target = candidates.slice().sort((a, b) => a.body.length - b.body.length)[0];
    if (!target) return ctx.inconclusive("no read operation answered 2xx: nothing to measure a limit on");
    const url = new URL(target.request.url);
    const identity = target.identity;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: size }, () =>
        // Only statuses and headers matter; a small body cap keeps 30 answers from holding megabytes.
        ctx.http.get(url.pathname + url.search, {
          retryOnRateLimit: false,
          identity,
          fresh: true,
          maxBodyBytes: 16 * 1024,
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const throttled = answers.filter(limited);
    if (throttled.length > 0) return ctx.pass(`${throttled.length} of ${size} requests throttled (429)`);
    const operation = { method: "GET", path: url.pathname };
    const announced = [target, ...answers].map(announcedLimit).filter((a) => a !== undefined);
    const remaining = announced.flatMap((a) => (a.remaining === undefined ? [] : [a.remaining]));
    const limit = announced[0]?.limit;
    if (limit !== undefined && remaining.length > 1) {
      const [low, high] = [Math.min(...remaining), Math.max(...remaining)];
      if (low < high && low > 0)
        return ctx.pass(
          `announced limit ${limit} counts down (remaining ${high} to ${low} over ${size} requests): a working limiter above the burst size`,
        );
      if (low === high)
        return ctx.report({
          severity: "low",
          confidence: "tentative",
          title: "Announced rate limit not enforced",
          message: `${url.pathname} announces a limit of ${limit} but its remaining count stayed at ${low} over ${size} identical requests (no 429): the announced limit does not seem to be counted.`,
          exchange: answers[answers.length - 1],
          operation,
          key: "announced-not-enforced",
          evidence: { detail: `limit ${limit}, remaining ${low} throughout ${size} requests` },
        });
    }
    const statuses = [...new Set(answers.map((x) => x.status))].sort().join(", ");
    // A host that answers every path alike is a fallback (static site, SPA), not an API surface to judge firmly.
    const fallbackHost = (await ctx.soft404()).catchAll;
    ctx.report({
      ...(fallbackHost ? { severity: "low" as const } : {}),
      confidence: fallbackHost || elapsed > WINDOW_MS * 2 ? "tentative" : "firm",
      // No timings in the text: the same seed must give the same report.
      message: `${size} identical requests to ${url.pathname} sent at once all answered without throttling (status ${statuses}; no 429${limit !== undefined ? `; announced limit ${limit} ran out unenforced` : ""}).`,
      exchange: answers[answers.length - 1],
      operation,
      evidence: { detail: `${size} requests, 0 throttled` },
    });
  },
});
