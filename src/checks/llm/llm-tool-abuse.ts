import { defineCheck } from "../../engine/check.js";
import { TOOL_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { LLM06 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-tool-abuse",
    title: "User text controls the LLM's tool calls",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM06:2025", "LLM01:2025"],
    cwe: ["CWE-1427", "CWE-285"],
    maxRequests: TOOL_PROBES.length,
    methods: ["POST"],
    description:
      "Asks the model to call one of its tools with an argument only obtainable by obeying a canary task. When a tool call carrying the derived value comes back, any user can steer the application's tools (and what they read or change).",
    remediation:
      "Give the model only the tools the task needs, validate every tool argument server-side against the user's own permissions, and require confirmation for tools with side effects.",
    references: [LLM06],
    subRules: familySubRules(TOOL_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, TOOL_PROBES),
});
