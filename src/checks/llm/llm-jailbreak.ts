import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { JAILBREAK_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { CWE_1427, LLM01 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-jailbreak",
    title: "LLM accepts a jailbreak persona",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM01:2025"],
    cwe: ["CWE-1427"],
    maxRequests: JAILBREAK_PROBES.length,
    methods: ["POST"],
    description:
      "DAN, developer-mode and role-play jailbreaks, each carrying a benign canary task. The endpoint is vulnerable when it answers the canary from inside the persona it was told to adopt; an optional judge model (--judge-url) can add labelled, judged verdicts for persona adoption without the canary.",
    remediation:
      "Do not let user text redefine the assistant's role: pin the persona in the system prompt, detect persona-switch patterns (DAN, developer mode, 'stay in character'), and enforce policy outside the model on the output." +
      guardAdvice("llm-jailbreak"),
    references: [LLM01, CWE_1427],
    subRules: familySubRules(JAILBREAK_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, JAILBREAK_PROBES),
});
