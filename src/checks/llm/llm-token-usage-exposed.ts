import { defineCheck } from "../../engine/check.js";
import { passiveView } from "../../llm/passive.js";
import { LLM10 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-token-usage-exposed",
    title: "LLM endpoint exposes token usage",
    category: "llm",
    severity: "info",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Replies carry the provider's token accounting (usage, eval counts). It shows callers what each request costs the operator and helps tune cost-abuse requests.",
    remediation: "Drop usage metadata from responses to untrusted clients; keep it in server-side metering.",
    references: [LLM10],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    const hit = view.answered.find((e) => e.reply.usage && Object.values(e.reply.usage).some((v) => v !== undefined));
    if (!hit) return;
    const u = hit.reply.usage!;
    ctx.report({
      key: "usage",
      message: `Replies include token usage (prompt ${u.promptTokens ?? "?"}, completion ${u.completionTokens ?? "?"}).`,
      exchange: hit.x,
      evidence: { excerpt: JSON.stringify(u) },
    });
  },
});
