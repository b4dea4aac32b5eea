import { defineCheck } from "../../engine/check.js";
import { passiveView, sentCredentials } from "../../llm/passive.js";
import { clip } from "../../llm/text.js";
import { LLM10 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-unauthenticated-endpoint",
    title: "LLM endpoint answers without authentication",
    category: "llm",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["LLM10:2025", "API2:2023"],
    cwe: ["CWE-306"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The model answered a request that carried no credential at all (no Authorization, API key, cookie or session header or query parameter). Anyone who finds the URL can spend the operator's inference budget or resell access (LLMjacking).",
    remediation:
      "Require authentication on every LLM route (API key, session or signed token), meter usage per identity, and never expose a provider-backed endpoint anonymously.",
    references: [LLM10, "https://sysdig.com/blog/llmjacking-stolen-cloud-credentials-used-in-new-ai-attack/"],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    const open = view.answered.find((e) => sentCredentials(e.x).length === 0 && e.reply.text.trim());
    if (!open) return;
    ctx.report({
      key: "anonymous",
      message: `${view.shape.kind} endpoint ${view.shape.path} answered a request sent without any credential.`,
      exchange: open.x,
      evidence: {
        excerpt: clip(open.reply.text, 160),
        detail: "request carried no Authorization, API-key, cookie or session header and no key in the query",
      },
    });
  },
});
