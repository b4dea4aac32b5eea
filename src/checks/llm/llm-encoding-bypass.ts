import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { ENCODING_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { CWE_1427, LLM01 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-encoding-bypass",
    title: "LLM follows encoded or smuggled instructions",
    category: "llm",
    severity: "high",
    confidence: "confirmed",
    owasp: ["LLM01:2025"],
    cwe: ["CWE-1427"],
    maxRequests: ENCODING_PROBES.length,
    methods: ["POST"],
    description:
      "The same canary instruction hidden in base64, ROT13, hex, leetspeak, invisible Unicode tag characters or zero-width splitting. Input filters that look for plain attack phrases miss these; a model that decodes and obeys them is vulnerable. Replies are decoded before the canary is looked for.",
    remediation:
      "Normalise input before filtering (strip Unicode tag and zero-width characters, decode or refuse base64/hex blobs), and judge the model's output rather than only the input." +
      guardAdvice("llm-encoding-bypass"),
    references: [LLM01, CWE_1427],
    subRules: familySubRules(ENCODING_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, ENCODING_PROBES),
});
