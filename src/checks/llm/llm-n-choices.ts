import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { estimateCost, formatUsd } from "../../llm/cost.js";
import { LLM10 } from "./_common.js";
import { ABUSE, finishLever, HELLO, type LeverOutcome, noReply, openCostSession } from "./_cost.js";

export default defineCheck({
  meta: {
    id: "llm-n-choices",
    title: "Caller sets the number of LLM completions (n)",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "Asks for n=3 choices of a five-word greeting. When several choices come back, one request buys many completions (Together allows up to 128), multiplying the output cost.",
    remediation: "Force n=1 server-side (or reject n>1) for untrusted callers." + guardAdvice("llm-n-choices"),
    references: [LLM10],
  },
  async run(ctx) {
    const cost = openCostSession(ctx, { needsParams: true });
    if (typeof cost === "string") return ctx.skip(cost);
    const r = await cost.send(HELLO, { n: 3, max_tokens: 16 });
    const judge = (): LeverOutcome => {
      const none = noReply(r);
      if (none) return none;
      if (r.reply!.choices < 2) return { verdict: "resisted", result: r };
      return {
        verdict: "vulnerable",
        result: r,
        message: `n=3 was honoured (${r.reply!.choices} choices returned): one request buys many completions.`,
        detail: `estimated cost of one request with n=${ABUSE.n} and ${ABUSE.outputTokens} output tokens: ${formatUsd(estimateCost(cost.baselineModel, ABUSE.promptTokens, ABUSE.outputTokens, ABUSE.n))}`,
      };
    };
    finishLever(ctx, cost, "n-choices", judge());
  },
});
