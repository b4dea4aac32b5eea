import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { MULTI_TURN_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { CWE_1427, LLM01 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-multi-turn",
    title: "LLM can be escalated over several turns",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM01:2025"],
    cwe: ["CWE-1427"],
    maxRequests: 4,
    methods: ["POST"],
    description:
      "Multi-turn escalation in the form the endpoint expects: a fabricated history where the assistant already agreed (history arrays), a real conversation over the server's session id, or a transcript in one message for single-field endpoints. Judged by a canary the model can only produce by obeying.",
    remediation:
      "Do not trust client-supplied history (rebuild it server-side or sign it), re-apply the system rules on every turn, and check outputs independently of the conversation." +
      guardAdvice("llm-multi-turn"),
    references: [LLM01, CWE_1427],
    subRules: familySubRules(MULTI_TURN_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, MULTI_TURN_PROBES),
});
