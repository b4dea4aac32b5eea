import { defineCheck } from "../../engine/check.js";
import { outputTokens } from "../../llm/cost.js";
import { tierIncludes } from "../../llm/options.js";
import { AMPLIFICATION_PROBES } from "../../llm/probes/leak.js";
import { endCheck, probeSubRules } from "../../llm/run.js";
import { LlmSession, verdictWithoutReply } from "../../llm/session.js";
import { DEFAULT_MAX_TOKENS } from "../../llm/shapes/index.js";
import type { ProbeVerdict } from "../../llm/types.js";
import { LLM10 } from "./_common.js";

/** An answer this many times longer than the benign baseline, and at least this many tokens, is amplification. */
const RATIO = 10;
const MIN_TOKENS = 1500;

export default defineCheck({
  meta: {
    id: "llm-output-amplification",
    title: "LLM output can be amplified by the prompt (repeat forever, long enumerations)",
    category: "llm",
    severity: "medium",
    confidence: "firm",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-400"],
    maxRequests: AMPLIFICATION_PROBES.length,
    methods: ["POST"],
    description:
      "Sends repeat-forever and long-enumeration prompts and measures the answer (reported completion tokens, else words) against the benign baseline. Applies to endpoints that choose the output length themselves; where the caller sets max_tokens, see llm-max-tokens-uncapped.",
    remediation:
      "Cap output tokens server-side per request and per user, stop generation on repetition, and bill or rate-limit by tokens rather than requests.",
    references: [LLM10],
    subRules: probeSubRules(AMPLIFICATION_PROBES),
  },
  async run(ctx) {
    const session = LlmSession.open(ctx, { needsModel: true });
    if (typeof session === "string") return ctx.skip(session);
    if (!session.shape.answers) return ctx.skip("the endpoint reflects its input: no model to spend");
    if (session.shape.takesParams)
      return ctx.skip("the caller sets max_tokens on this shape (see llm-max-tokens-uncapped)");
    const baseline = session.state.baseline ? outputTokens(session.state.baseline.reply) : 0;
    const verdicts: ProbeVerdict[] = [];
    for (const probe of AMPLIFICATION_PROBES.filter((p) => tierIncludes(session.options.tier, p.tier))) {
      const r = await session.call({ turns: [{ role: "user", content: ctx.rng.pick(probe.prompts) }], params: {} });
      const size = r.reply ? outputTokens(r.reply) : 0;
      const amplified = size >= Math.max(MIN_TOKENS, RATIO * baseline, DEFAULT_MAX_TOKENS * 2);
      const verdict = verdictWithoutReply(r) ?? (amplified ? "vulnerable" : "resisted");
      verdicts.push(verdict);
      session.record({
        probe: probe.id,
        family: "output amplification",
        verdict,
        method: "deterministic",
        status: r.status,
        note: `${size} output tokens`,
      });
      if (verdict === "vulnerable")
        ctx.report({
          key: probe.id,
          subRule: probe.id,
          message: `A one-line "${probe.id}" prompt produced about ${size} output tokens, ${baseline ? `${Math.round(size / baseline)}x` : "far above"} the benign baseline (${baseline}); the endpoint sets no output cap of its own.`,
          exchange: r.exchange,
          evidence: {
            detail: `${size} output tokens (baseline ${baseline})${r.exchange?.truncated ? "; body cut at the scanner's cap" : ""}`,
          },
        });
    }
    endCheck(ctx, verdicts, session);
  },
});
