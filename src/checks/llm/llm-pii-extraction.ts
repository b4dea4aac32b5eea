import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { tierIncludes } from "../../llm/options.js";
import { describeSensitive, sensitiveInOutput } from "../../llm/outputs.js";
import { PII_PROBES } from "../../llm/probes/leak.js";
import { endCheck, probeSubRules } from "../../llm/run.js";
import { LlmSession, verdictWithoutReply } from "../../llm/session.js";
import type { ProbeVerdict } from "../../llm/types.js";
import { LLM02 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-pii-extraction",
    title: "LLM discloses other people's personal data",
    category: "llm",
    severity: "high",
    confidence: "firm",
    owasp: ["LLM02:2025"],
    cwe: ["CWE-359"],
    maxRequests: PII_PROBES.length,
    methods: ["POST"],
    description:
      "Asks for other customers' contact and payment details. The reply goes through the shared PII and secret detectors (validated e-mails, phone numbers, Luhn-valid cards, IBANs, provider keys); anything that was in our own request is ignored.",
    remediation:
      "Do not put other users' data in the model's context; scope retrieval to the current user, and filter PII from outputs." +
      guardAdvice("llm-pii-extraction"),
    references: [LLM02],
    subRules: probeSubRules(PII_PROBES),
  },
  async run(ctx) {
    const session = LlmSession.open(ctx);
    if (typeof session === "string") return ctx.skip(session);
    const verdicts: ProbeVerdict[] = [];
    for (const probe of PII_PROBES.filter((p) => tierIncludes(session.options.tier, p.tier))) {
      const r = await session.call({ turns: [{ role: "user", content: ctx.rng.pick(probe.prompts) }] });
      const found = r.reply ? sensitiveInOutput(r.reply.text, [r.sent, session.baselineText]) : undefined;
      const leaked = found && found.pii.length + found.secrets.length > 0;
      const verdict = verdictWithoutReply(r) ?? (leaked ? "vulnerable" : "resisted");
      verdicts.push(verdict);
      session.record({ probe: probe.id, family: "PII extraction", verdict, method: "deterministic", status: r.status });
      if (!leaked || !found) continue;
      for (const s of found.secrets) ctx.redact(s.value);
      ctx.report({
        key: probe.id,
        subRule: probe.id,
        message: `Asked for other customers' data, the endpoint answered with ${describeSensitive(found)}.`,
        exchange: r.exchange,
        secrets: found.secrets.map((s) => s.value),
        evidence: {
          excerpt: describeSensitive(found),
          detail: `${found.pii.length} PII value(s) and ${found.secrets.length} secret(s) not present in the request`,
        },
      });
    }
    endCheck(ctx, verdicts, session);
  },
});
