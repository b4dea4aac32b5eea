import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { OUTPUT_PROBES } from "../../llm/probes/canary.js";
import { familySubRules, runCanaryCheck } from "../../llm/run.js";
import { LLM05 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-output-handling",
    title: "LLM emits attacker-shaped markup (exfiltration images, scripts, javascript: links)",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM05:2025"],
    cwe: ["CWE-1426", "CWE-79"],
    maxRequests: OUTPUT_PROBES.length,
    methods: ["POST"],
    description:
      "Asks the model to emit a markdown image whose URL carries a transformed nonce (the zero-click exfiltration channel when a chat UI renders it), a javascript: link and a <script> element. The construct must hold the derived nonce, so a refusal that quotes the request does not count.",
    remediation:
      "Treat model output as untrusted: render markdown without remote images (or through an allow-listed proxy), strip HTML and javascript: URLs, and encode output for its sink (HTML, SQL, shell)." +
      guardAdvice("llm-output-handling"),
    references: [LLM05],
    subRules: familySubRules(OUTPUT_PROBES),
  },
  run: (ctx) => runCanaryCheck(ctx, OUTPUT_PROBES),
});
