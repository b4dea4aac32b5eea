import { defineCheck } from "../../engine/check.js";
import { passiveView } from "../../llm/passive.js";
import { LLM06 } from "./_common.js";
import { PROBE_TOOL } from "./_cost.js";

export default defineCheck({
  meta: {
    id: "llm-tools-exposed",
    title: "LLM endpoint exposes tool or function calling",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM06:2025"],
    cwe: ["CWE-250"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Replies carry tool or function calls of the application's own tools (tool_calls, tool_use, function_call). Every tool the model can call from user text is reachable by any user who can talk to it.",
    remediation:
      "Keep tool calls server-side (do not return them to clients), give the model only the tools the task needs and authorise every call against the user.",
    references: [LLM06],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    // Tool calls we provoked by passing our own tool definition prove pass-through, not the app's tools.
    const hit = view.answered.find(
      (e) => e.x.checkId !== "llm-tools-param" && e.reply.toolCalls.some((t) => t.name && t.name !== PROBE_TOOL),
    );
    if (!hit) return;
    const names = [...new Set(hit.reply.toolCalls.map((t) => t.name))];
    ctx.report({
      key: "tools",
      message: `The model called the application's tool(s) ${names.join(", ")} and the call came back to the client.`,
      exchange: hit.x,
      evidence: {
        excerpt: hit.reply.toolCalls
          .map((t) => `${t.name}(${t.arguments})`)
          .join("; ")
          .slice(0, 200),
      },
    });
  },
});
