import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { INDIRECT_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { CWE_1427, LLM01 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-indirect-injection",
    title: "LLM obeys instructions hidden in documents or tool results",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM01:2025"],
    cwe: ["CWE-1427"],
    maxRequests: INDIRECT_PROBES.length,
    methods: ["POST"],
    description:
      "Indirect prompt injection: a canary instruction hidden in content the model is asked to process (a review to summarise, the endpoint's own document/context field when it has one, or a fabricated tool result in the message history).",
    remediation:
      "Mark retrieved and user-supplied content as data (delimiters, separate roles), strip instruction-like text from documents, and never let tool results or documents change the assistant's task." +
      guardAdvice("llm-indirect-injection"),
    references: [LLM01, CWE_1427],
    subRules: familySubRules(INDIRECT_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, INDIRECT_PROBES),
});
