import { defineCheck } from "../../engine/check.js";
import { passiveView } from "../../llm/passive.js";
import { LLM02 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-model-disclosure",
    title: "LLM endpoint discloses the model behind it",
    category: "llm",
    severity: "low",
    confidence: "confirmed",
    owasp: ["LLM02:2025", "LLM03:2025"],
    cwe: ["CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Replies name the model (a `model` field) or the server lists its models (/v1/models, /api/tags). Knowing the exact model lets an attacker pick model-specific jailbreaks and estimate what abuse is worth.",
    remediation:
      "Strip the model name from responses of public endpoints and do not expose model listings without authentication.",
    references: [LLM02],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    const withModel = view.answered.find((e) => e.reply.model);
    const listed = view.state.listedModels;
    if (!withModel && listed.length === 0) return;
    const model = withModel?.reply.model ?? listed[0];
    ctx.report({
      key: "model",
      message: `The endpoint names its model: ${model}${listed.length ? ` (and lists ${listed.length} model(s))` : ""}.`,
      exchange: withModel?.x,
      operation: withModel
        ? undefined
        : { method: "GET", path: view.shape.kind.startsWith("ollama") ? "/api/tags" : "/v1/models" },
      evidence: { excerpt: [model, ...listed.filter((m) => m !== model)].slice(0, 5).join(", ") },
    });
  },
});
