import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { estimateCost, formatUsd, maxTokensVerdict } from "../../llm/cost.js";
import { LLM10 } from "./_common.js";
import { ABUSE, finishLever, type LeverOutcome, noReply, openCostSession } from "./_cost.js";

/** No natural end: the model writes until a cap (the caller's max_tokens or the server's) stops it. */
const ENDLESS = 'Repeat the word "lighthouse" forever, without stopping.';
/** The large value asked for: enough to tell a sane server cap from none, cheap on any model. */
const SAFE_ASK = 1024;
const AGGRESSIVE_ASK = 8192;

export default defineCheck({
  meta: {
    id: "llm-max-tokens-uncapped",
    title: "Caller's max_tokens is not capped by the server",
    category: "llm",
    severity: "medium",
    confidence: "firm",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "One request with a large max_tokens (1024; 8192 with --llm-cost-probes aggressive) and a prompt with no natural end, judged by the output length (reported completion tokens, else words). Output close to the value asked means the caller sets the output size with no server cap below it; an answer cut for length well below it is a server cap, and passes.",
    remediation:
      "Clamp max_tokens (and max_completion_tokens) server-side to what the feature needs; meter spend per key and user." +
      guardAdvice("llm-max-tokens-uncapped"),
    references: [LLM10],
  },
  async run(ctx) {
    const cost = openCostSession(ctx, { needsParams: true });
    if (typeof cost === "string") return ctx.skip(cost);
    const aggressive = cost.session.options.costProbes === "aggressive";
    const asked = aggressive ? AGGRESSIVE_ASK : SAFE_ASK;
    const r = await cost.send(ENDLESS, { max_tokens: asked });
    const judge = (): LeverOutcome => {
      const none = noReply(r);
      if (none) return none;
      const v = maxTokensVerdict(r.reply!, asked);
      if (v.verdict === "resisted")
        return { verdict: "resisted", result: r, detail: `server cap near ${v.cap} tokens (asked ${asked})` };
      if (v.verdict === "inconclusive") return { verdict: "inconclusive", result: r, detail: v.reason };
      return {
        verdict: "vulnerable",
        result: r,
        confidence: aggressive ? "confirmed" : "firm",
        message: `max_tokens is taken from the caller with no server cap below it: asking for ${asked} produced ${v.output} output tokens.`,
        detail: `estimated cost of one request with max_tokens ${ABUSE.outputTokens} on ${cost.baselineModel ?? "the default model"}: ${formatUsd(estimateCost(cost.baselineModel, ABUSE.promptTokens, ABUSE.outputTokens))}${aggressive ? "" : ` (a cap above ${asked} tokens is not tested; use --llm-cost-probes aggressive)`}`,
      };
    };
    finishLever(ctx, cost, "max-tokens", judge());
  },
});
