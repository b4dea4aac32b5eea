import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { isRefusal, isSuccess } from "../bola/_shape.js";

/** Defaults also used when the CLI layer is absent (tests, library use). */
export const DEFAULT_BURST = 30;
export const MAX_BURST = 100;
/** The burst is meant to land within this window; slower targets make the verdict tentative. */
const WINDOW_MS = 2000;

function burstSize(layers: Record<string, unknown>): number {
  const configured = (layers.auth as { burst?: unknown } | undefined)?.burst;
  return typeof configured === "number" ? Math.min(Math.max(0, Math.floor(configured)), MAX_BURST) : DEFAULT_BURST;
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
      "A bounded burst of identical cheap GETs (30 by default within about 2 seconds; `--burst N`, `--no-burst` to skip) never got a 429: nothing stops a client from scraping, brute-forcing credentials or running up costs. Retries are off during the burst so every 429 is seen.",
    remediation:
      "Rate-limit per client (key, user, IP) at the gateway or in middleware, answer 429 with `Retry-After`, and keep stricter limits on login, OTP and expensive operations.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/"],
  },
  async run(ctx) {
    const size = burstSize(ctx.options.layers);
    if (size === 0) return ctx.skip("burst disabled (--no-burst)");
    const candidates = ctx.target.operations
      .filter((op) => op.method === "GET")
      .map((op) => ctx.baseline(op))
      .filter((x): x is Exchange => x !== undefined);
    const cheapest = (xs: Exchange[]) => xs.slice().sort((a, b) => a.body.length - b.body.length)[0];
    const target = cheapest(candidates.filter((x) => isSuccess(x) && !isRefusal(x))) ?? cheapest(candidates);
    if (!target) return ctx.skip("no GET operation answered");
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
    if (throttled.length > 0) return;
    const statuses = [...new Set(answers.map((x) => x.status))].sort().join(", ");
    // A host that answers every path alike is a fallback (static site, SPA), not an API surface to judge firmly.
    const fallbackHost = (await ctx.soft404()).catchAll;
    ctx.report({
      ...(fallbackHost ? { severity: "low" as const } : {}),
      confidence: fallbackHost || elapsed > WINDOW_MS * 2 ? "tentative" : "firm",
      // No timings in the text: the same seed must give the same report.
      message: `${size} identical requests to ${url.pathname} sent at once all answered without throttling (status ${statuses}; no 429).`,
      exchange: answers[answers.length - 1],
      operation: { method: "GET", path: url.pathname },
      evidence: { detail: `${size} requests, 0 throttled` },
    });
  },
});
