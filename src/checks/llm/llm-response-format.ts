import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { parseJson } from "../../llm/shapes/stream.js";
import { LLM10 } from "./_common.js";
import { finishLever, HELLO, type LeverOutcome, noReply, openCostSession } from "./_cost.js";

export default defineCheck({
  meta: {
    id: "llm-response-format",
    title: "Caller sets the LLM response format (JSON schema)",
    category: "llm",
    severity: "low",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "OpenAI-compatible chat routes: passes a `response_format` JSON schema with a random required key the prompt never mentions. A reply that is a JSON object with that key proves caller-supplied output constraints reach the model (constrained decoding costs more and changes what the application receives).",
    remediation:
      "Set `response_format` server-side, or drop it from callers' requests." + guardAdvice("llm-response-format"),
    references: [LLM10],
  },
  async run(ctx) {
    const cost = openCostSession(ctx, { needsParams: true });
    if (typeof cost === "string") return ctx.skip(cost);
    if (cost.session.shape.kind !== "openai-chat") return ctx.skip("response_format is an OpenAI chat parameter");
    const schemaKey = `k${ctx.rng.token(8, "bcdfghjkmnpqrvwxz")}`;
    const r = await cost.send(HELLO, {
      max_tokens: 64,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "probe",
          schema: { type: "object", properties: { [schemaKey]: { type: "string" } }, required: [schemaKey] },
        },
      },
    });
    const judge = (): LeverOutcome => {
      const none = noReply(r);
      if (none) return none;
      const j = parseJson(r.reply!.text.trim());
      const honoured = typeof j === "object" && j !== null && schemaKey in j && r.reply!.text.length < 500;
      if (!honoured) return { verdict: "resisted", result: r };
      return {
        verdict: "vulnerable",
        result: r,
        message: `A caller-supplied response_format JSON schema was applied (the reply is a JSON object with the random key "${schemaKey}" the prompt never mentioned).`,
      };
    };
    finishLever(ctx, cost, "response-format", judge());
  },
});
