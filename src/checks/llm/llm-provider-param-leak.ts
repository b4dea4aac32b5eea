import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { sensitiveInOutput } from "../../llm/outputs.js";
import { endCheck } from "../../llm/run.js";
import { LlmSession, verdictWithoutReply } from "../../llm/session.js";
import { clip, novelText } from "../../llm/text.js";
import type { ProbeVerdict } from "../../llm/types.js";
import { instructionCues } from "../../llm/verdicts.js";
import { LLM07 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-provider-param-leak",
    title: "Provider parameters leak the prompt or token probabilities (echo, logprobs)",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM07:2025", "LLM02:2025"],
    cwe: ["CWE-200"],
    maxRequests: 2,
    methods: ["POST"],
    description:
      "OpenAI-compatible proxies that forward every field let a caller set Together's `echo: true`, which returns the whole prompt, the operator's system prompt included, in a `prompt` field; and `logprobs`, which exposes token probabilities useful for model extraction. No jailbreak is needed.",
    remediation:
      "Forward only an allow-list of request fields to the provider; drop echo, logprobs and top_logprobs from untrusted callers." +
      guardAdvice("llm-provider-param-leak"),
    references: [LLM07, "https://docs.together.ai/reference/chat-completions-1"],
    subRules: [
      { id: "echo", title: "`echo: true` returns the prompt" },
      { id: "logprobs", title: "`logprobs` exposes token log-probabilities" },
    ],
  },
  async run(ctx) {
    const session = LlmSession.open(ctx);
    if (typeof session === "string") return ctx.skip(session);
    if (!["openai-chat", "openai-completions"].includes(session.shape.kind))
      return ctx.skip("echo and logprobs are OpenAI-compatible parameters");
    const turns = [{ role: "user" as const, content: "Say hello in five words." }];
    const [echo, logprobs] = await Promise.all([
      session.call({ turns, params: { echo: true, max_tokens: 16 } }),
      session.call({ turns, params: { logprobs: true, top_logprobs: 1, max_tokens: 16 } }),
    ]);
    const verdicts: ProbeVerdict[] = [];
    const echoed = echo.reply?.echoedPrompt;
    const extra = echoed ? novelText(echoed, [echo.sent], 3) : "";
    const echoVerdict = verdictWithoutReply(echo) ?? (echoed ? "vulnerable" : "resisted");
    verdicts.push(echoVerdict);
    session.record({
      probe: "echo",
      family: "provider parameter leak",
      verdict: echoVerdict,
      method: "deterministic",
      status: echo.status,
    });
    if (echoVerdict === "vulnerable") {
      for (const secret of sensitiveInOutput(echoed!, [echo.sent]).secrets) ctx.redact(secret.value);
      const systemLeak = extra.length > 0 && instructionCues(echoed!).length > 0;
      ctx.report({
        key: "echo",
        subRule: "echo",
        severity: systemLeak ? "high" : "low",
        message: systemLeak
          ? "`echo: true` was forwarded and the response's `prompt` field returns text we never sent: the operator's system prompt."
          : "`echo: true` was forwarded: the response returns the prompt.",
        exchange: echo.exchange,
        evidence: { excerpt: clip(systemLeak ? extra : echoed!, 200) },
      });
    }
    const lpVerdict = verdictWithoutReply(logprobs) ?? (logprobs.reply?.logprobs ? "vulnerable" : "resisted");
    verdicts.push(lpVerdict);
    session.record({
      probe: "logprobs",
      family: "provider parameter leak",
      verdict: lpVerdict,
      method: "deterministic",
      status: logprobs.status,
    });
    if (lpVerdict === "vulnerable")
      ctx.report({
        key: "logprobs",
        subRule: "logprobs",
        severity: "low",
        message:
          "`logprobs` was forwarded: the response exposes token log-probabilities (model extraction aid, larger responses).",
        exchange: logprobs.exchange,
      });
    endCheck(ctx, verdicts, session);
  },
});
