import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { LlmSession } from "../../llm/session.js";
import type { Tier } from "../../llm/types.js";
import { LLM10 } from "./_common.js";

/** Burst sizes per tier: bounded, enough to see a per-client limit, never a flood. */
const BURST: Record<Tier, number> = { quick: 5, standard: 10, deep: 20 };
const RATE_LIMIT_HEADER = /^(?:x-)?ratelimit|^anthropic-ratelimit|^x-tokenlimit|^retry-after$/;

export function rateLimitSignals(x: Exchange): string[] {
  const names = Object.keys(x.headers).filter((h) => RATE_LIMIT_HEADER.test(h));
  return x.status === 429 ? ["status 429", ...names] : names;
}

export default defineCheck({
  meta: {
    id: "llm-rate-limit",
    title: "No rate limit on the LLM chat route",
    category: "llm",
    severity: "medium",
    confidence: "firm",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    phase: "burst",
    maxRequests: BURST.deep,
    methods: ["POST"],
    description:
      "Sends a small, bounded burst of tiny benign requests (5 on the quick tier) at once. An LLM route that answers all of them without a 429 or any rate-limit header (RateLimit-*, X-RateLimit-*, Retry-After, anthropic-ratelimit-*) lets one client run up the operator's bill and starve other users.",
    remediation:
      "Rate-limit the chat route per key, user and IP, in requests and in tokens, and advertise the limits with RateLimit or X-RateLimit headers and 429 + Retry-After." +
      guardAdvice("llm-rate-limit"),
    references: [LLM10],
  },
  async run(ctx) {
    const session = LlmSession.open(ctx, { needsModel: true });
    if (typeof session === "string") return ctx.skip(session);
    if (!session.shape.answers) return ctx.skip("the endpoint reflects its input: no model to spend");
    const seen = session.state.baseline ? rateLimitSignals(session.state.baseline.exchange) : [];
    if (seen.length) {
      session.record({
        probe: "burst",
        family: "rate limit",
        verdict: "resisted",
        method: "deterministic",
        note: `already advertised: ${seen.join(", ")}`,
      });
      return;
    }
    const size = BURST[session.options.tier];
    const params = session.shape.takesParams ? { max_tokens: 4 } : undefined;
    const results = await Promise.all(
      Array.from({ length: size }, () =>
        session.call({ turns: [{ role: "user", content: "Say OK." }], params }, { retryOnRateLimit: false }),
      ),
    );
    const signals = results.flatMap((r) => (r.exchange ? rateLimitSignals(r.exchange) : []));
    const answered = results.filter((r) => r.outcome === "ok").length;
    const verdict = signals.length ? "resisted" : answered === size ? "vulnerable" : "inconclusive";
    session.record({
      probe: "burst",
      family: "rate limit",
      verdict,
      method: "deterministic",
      note: `${answered}/${size} answered`,
    });
    if (verdict === "vulnerable")
      ctx.report({
        key: "burst",
        // Five answered requests do not rule out a limit a little higher up: say so on the quick tier.
        confidence: size < BURST.standard ? "tentative" : "firm",
        message: `${size} chat requests sent at once were all answered with no 429 and no rate-limit header.`,
        exchange: results.at(-1)?.exchange,
        evidence: {
          detail: `burst of ${size} (the ${session.options.tier} tier); no RateLimit, X-RateLimit, Retry-After or anthropic-ratelimit header`,
        },
      });
    else if (verdict === "inconclusive")
      ctx.inconclusive(
        `${size - answered} of ${size} burst requests failed without a rate-limit signal${session.stopReason ? `: ${session.stopReason}` : ""}`,
      );
  },
});
