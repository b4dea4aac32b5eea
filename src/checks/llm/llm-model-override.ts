import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { estimateCost, expensiveModelFor, formatUsd, priceOf } from "../../llm/cost.js";
import { LLM10 } from "./_common.js";
import { ABUSE, finishLever, HELLO, type LeverOutcome, noReply, openCostSession } from "./_cost.js";

export default defineCheck({
  meta: {
    id: "llm-model-override",
    title: "Caller picks the LLM model",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "Asks for a known expensive model (in the naming family the endpoint uses) with a tiny benign prompt and compares the model the reply names with the default one. A caller who picks the model can run the operator's most expensive model at will; high when it costs much more than the default.",
    remediation:
      "Pin the model server-side (or allow-list a few) and ignore the caller's `model`; meter spend per key and user." +
      guardAdvice("llm-model-override"),
    references: [LLM10],
  },
  async run(ctx) {
    const cost = openCostSession(ctx, { needsParams: false });
    if (typeof cost === "string") return ctx.skip(cost);
    const { baselineModel } = cost;
    const expensive = expensiveModelFor(baselineModel);
    const r = await cost.send(HELLO, { model: expensive, max_tokens: 16 });
    const judge = (): LeverOutcome => {
      // A gateway that refuses a model it does not serve (400/404/422) does not let the caller pick it.
      if (r.status && [400, 404, 422].includes(r.status))
        return { verdict: "resisted", result: r, detail: `the model asked for was refused (status ${r.status})` };
      const none = noReply(r);
      if (none) return none;
      const got = r.reply!.model;
      if (!got) return { verdict: "inconclusive", result: r, detail: "no model in the reply" };
      const accepted = got.toLowerCase().includes(expensive.toLowerCase()) && got !== baselineModel;
      if (!accepted) return { verdict: "resisted", result: r };
      const ratio = priceOf(expensive).output / priceOf(baselineModel).output;
      return {
        verdict: "vulnerable",
        result: r,
        severity: priceOf(expensive).known && ratio > 2 ? "high" : "medium",
        message: `The caller picks the model: asking for "${expensive}" was answered by "${got}" instead of the default "${baselineModel ?? "unknown"}" (about ${ratio.toFixed(0)}x its output price).`,
        detail: `estimated cost of one abusive request (${ABUSE.outputTokens} output tokens on ${expensive}): ${formatUsd(estimateCost(expensive, ABUSE.promptTokens, ABUSE.outputTokens))}`,
      };
    };
    finishLever(ctx, cost, "model-override", judge());
  },
});
