import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { INJECTION_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { CWE_1427, LLM01 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-prompt-injection",
    title: "LLM follows injected instructions",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM01:2025"],
    cwe: ["CWE-1427"],
    maxRequests: INJECTION_PROBES.length,
    methods: ["POST"],
    description:
      "Direct prompt injection: instruction overrides, chat-template markers, instructions nested in data, few-shot poisoning and translation-wrapped instructions. Each probe asks for a transformed nonce (halves joined, reversed, upper-cased, a sum) that never appears in the request, so only an endpoint that obeyed can produce it.",
    remediation:
      "Treat user text as data, not instructions: keep operator rules in the system role, constrain the task (allow-listed intents, structured output), filter instruction-like input and check outputs before they are used. Never rely on the model alone to refuse." +
      guardAdvice("llm-prompt-injection"),
    references: [LLM01, CWE_1427],
    subRules: familySubRules(INJECTION_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, INJECTION_PROBES),
});
