import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { endCheck } from "../../llm/run.js";
import { LlmSession, verdictWithoutReply } from "../../llm/session.js";
import { LLM10 } from "./_common.js";

/** The oversized prompt: 200 KB of filler, far beyond any chat message a person types. */
export const OVERSIZED_BYTES = 200 * 1024;

export default defineCheck({
  meta: {
    id: "llm-oversized-prompt",
    title: "LLM endpoint accepts a 200 KB prompt",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "Sends one 200 KB prompt (about 50 000 input tokens). An endpoint that answers instead of refusing with 413 or 400 lets any caller spend the operator's context window and money per request.",
    remediation:
      "Cap the request body and the prompt length (characters and tokens) before calling the model; answer 413 above the cap." +
      guardAdvice("llm-oversized-prompt"),
    references: [LLM10],
  },
  async run(ctx) {
    const session = LlmSession.open(ctx, { needsModel: true });
    if (typeof session === "string") return ctx.skip(session);
    if (!session.shape.answers) return ctx.skip("the endpoint reflects its input: no model to spend");
    const filler = "The quick brown fox jumps over the lazy dog. "
      .repeat(Math.ceil(OVERSIZED_BYTES / 45))
      .slice(0, OVERSIZED_BYTES);
    const prompt = `Please ignore the filler text below and reply with the single word OK.\n\n${filler}`;
    const r = await session.call(
      { turns: [{ role: "user", content: prompt }], params: session.shape.takesParams ? { max_tokens: 8 } : undefined },
      { spec: { timeoutMs: 20_000 } },
    );
    const verdict = verdictWithoutReply(r) ?? "vulnerable";
    session.record({
      probe: "oversized-prompt",
      family: "oversized prompt",
      verdict,
      method: "deterministic",
      status: r.status,
    });
    if (verdict === "vulnerable")
      ctx.report({
        key: "200kb",
        message: `A ${Math.round(r.sent.length / 1024)} KB prompt was accepted (status ${r.status}) instead of being refused with 413 or 400.`,
        exchange: r.exchange,
        evidence: {
          detail: `request body ${r.sent.length} bytes${r.reply?.usage?.promptTokens ? `; the endpoint reports ${r.reply.usage.promptTokens} prompt tokens` : ""}`,
        },
      });
    endCheck(ctx, [verdict], session);
  },
});
