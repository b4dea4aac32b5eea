import { guardAdvice } from "../../detect/guard-fixes.js";
import { piiSeverity } from "../../detect/pii/index.js";
import { defineCheck } from "../../engine/check.js";
import { type Severity, severityRank } from "../../engine/finding.js";
import { describeSensitive, sensitiveInOutput } from "../../llm/outputs.js";
import { passiveView } from "../../llm/passive.js";
import { LLM02 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-sensitive-output",
    title: "LLM output contains secrets or personal data",
    category: "llm",
    severity: "high",
    confidence: "firm",
    owasp: ["LLM02:2025"],
    cwe: ["CWE-200", "CWE-359"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Every answer the scan received from the LLM (recognition and probes) goes through the shared secret and PII detectors, after decoding base64/hex segments. Values that were in our own request are ignored, so an echo is never a leak.",
    remediation:
      "Keep credentials and other people's data out of prompts and retrieval context, and filter model output for secrets and PII before returning it." +
      guardAdvice("llm-sensitive-output"),
    references: [LLM02],
  },
  async run(ctx) {
    const view = passiveView(ctx);
    if (typeof view === "string") return ctx.skip(view);
    const reported = new Set<string>();
    for (const { x, reply } of view.answered) {
      // The PII-extraction check reports what its own prompts elicit.
      if (x.checkId === "llm-pii-extraction") continue;
      const found = sensitiveInOutput(reply.text, [x.request.body ?? ""]);
      found.secrets = found.secrets.filter((s) => !reported.has(s.value));
      found.pii = found.pii.filter((p) => !reported.has(p.value));
      if (found.secrets.length + found.pii.length === 0) continue;
      for (const v of [...found.secrets, ...found.pii]) reported.add(v.value);
      const severities: Severity[] = [
        ...found.secrets.map((s) => s.severity as Severity),
        ...found.pii.map((p) => piiSeverity(p.kind, found.pii.filter((q) => q.kind === p.kind).length)),
      ];
      const severity = severities.sort((a, b) => severityRank(a) - severityRank(b))[0];
      ctx.report({
        key: `${x.checkId}:${[...found.secrets.map((s) => s.ruleId), ...found.pii.map((p) => p.kind)].sort().join(",")}`,
        severity,
        message: `An answer (to a ${x.checkId} request) contains ${describeSensitive(found)}.`,
        exchange: x,
        secrets: [...found.secrets.map((s) => s.value), ...found.pii.map((p) => p.value)],
        evidence: { excerpt: describeSensitive(found) },
      });
    }
  },
});
