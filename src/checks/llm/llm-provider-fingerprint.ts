import { defineCheck } from "../../engine/check.js";
import { passiveView } from "../../llm/passive.js";
import { LLM02 } from "./_common.js";

/** Response traits that name the provider or serving stack behind an LLM endpoint. */
const FINGERPRINTS: { provider: string; header?: RegExp; body?: RegExp; model?: RegExp }[] = [
  {
    provider: "OpenAI",
    header: /^openai-(organization|processing-ms|version|project)$/,
    body: /"system_fingerprint"\s*:\s*"fp_/,
  },
  { provider: "Anthropic", header: /^anthropic-|^request-id$/, body: /"id"\s*:\s*"msg_/ },
  {
    provider: "Together AI",
    header: /^x-together-|^x-tokenlimit-/,
    model: /^(meta-llama|mistralai|Qwen|deepseek-ai|google|openai)\//,
  },
  { provider: "Groq", header: /^x-groq-/ },
  { provider: "Ollama", body: /"done_reason"|"eval_count"/ },
  { provider: "Hugging Face TGI", body: /"generated_text"/ },
  { provider: "LangServe", body: /"feedback_tokens"|"run_id"/ },
  { provider: "Vercel AI SDK", header: /^x-vercel-ai-(data-stream|ui-message-stream)$/ },
  { provider: "OpenAI-compatible server", body: /"id"\s*:\s*"(chatcmpl|cmpl)-/ },
];

export default defineCheck({
  meta: {
    id: "llm-provider-fingerprint",
    title: "LLM provider or serving stack identifiable",
    category: "llm",
    severity: "info",
    confidence: "firm",
    owasp: ["LLM03:2025"],
    cwe: ["CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Provider headers (openai-*, anthropic-*, x-together-*, x-groq-*), id prefixes, namespaced model ids and stream headers reveal which provider or framework serves the endpoint, which tells an attacker which parameters (echo, logprobs, n) and key formats to try.",
    remediation:
      "Strip provider headers and ids at the proxy and return a neutral response shape to untrusted clients.",
    references: [LLM02],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    const reported = new Set<string>();
    for (const { x, reply } of view.answered) {
      const body = x.body.toString("utf8", 0, 20_000);
      for (const f of FINGERPRINTS) {
        if (reported.has(f.provider)) continue;
        const header = f.header ? Object.keys(x.headers).find((h) => f.header!.test(h)) : undefined;
        const bodyHit = f.body?.exec(body)?.[0];
        const modelHit = reply.model && f.model?.test(reply.model) ? reply.model : undefined;
        const trait = header
          ? `header ${header}`
          : bodyHit
            ? `body ${bodyHit}`
            : modelHit
              ? `model ${modelHit}`
              : undefined;
        if (!trait) continue;
        reported.add(f.provider);
        ctx.report({
          key: f.provider,
          message: `${f.provider} identified by ${trait}.`,
          exchange: x,
          evidence: { excerpt: trait },
        });
      }
    }
  },
});
