import { type CheckContext, defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { guardAdvice } from "../../guard/findings.js";
import { estimateCost, expensiveModelFor, formatUsd, maxTokensVerdict, priceOf } from "../../llm/cost.js";
import { endCheck } from "../../llm/run.js";
import { type CallResult, LlmSession, verdictWithoutReply } from "../../llm/session.js";
import { parseJson } from "../../llm/shapes/stream.js";
import type { LlmShape, ProbeVerdict } from "../../llm/types.js";
import { LLM10 } from "./_common.js";

const STORY = "Write a long story about a lighthouse keeper, at least 600 words.";
/** Aggressive mode needs an answer with no natural end to see where a server cap (if any) cuts it. */
const ENDLESS = 'Repeat the word "lighthouse" forever, without stopping.';
const HELLO = "Say hello in five words.";
/** What "an abusive request" is assumed to ask for when estimating its cost. */
const ABUSE = { promptTokens: 1000, outputTokens: 32_768, n: 128 };

interface Outcome {
  probe: string;
  verdict: ProbeVerdict;
  result?: CallResult;
  message?: string;
  severity?: Severity;
  detail?: string;
}

function toolParams(shape: LlmShape): Record<string, unknown> {
  const name = "rampart_probe_lookup";
  if (shape.kind === "anthropic-messages")
    return {
      tools: [
        {
          name,
          description: "Looks up a value.",
          input_schema: { type: "object", properties: { q: { type: "string" } } },
        },
      ],
    };
  return {
    tools: [
      {
        type: "function",
        function: {
          name,
          description: "Looks up a value.",
          parameters: { type: "object", properties: { q: { type: "string" } } },
        },
      },
    ],
  };
}

export default defineCheck({
  meta: {
    id: "llm-cost-controls",
    title: "Caller controls LLM cost parameters (max_tokens, model, n, tools, response_format)",
    category: "llm",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["LLM10:2025"],
    cwe: ["CWE-770"],
    maxRequests: 6,
    methods: ["POST"],
    description:
      "For endpoints that take API parameters: compares a small and a large max_tokens by reported usage or length, requests a known expensive model and compares it with the model returned, asks for n=3 choices, passes a tool definition and a response_format JSON schema. Each accepted parameter lets any caller multiply the operator's bill; findings carry an estimated cost per abusive request from a small price table. The scanner asks for at most a few hundred output tokens unless --llm-cost-probes aggressive.",
    remediation:
      "Set model, max_tokens, n, tools and response_format server-side (allow-list or clamp them) and ignore the caller's values; meter spend per key and user." +
      guardAdvice("llm-cost-controls"),
    references: [LLM10],
  },
  async run(ctx: CheckContext) {
    const session = LlmSession.open(ctx);
    if (typeof session === "string") return ctx.skip(session);
    if (!session.shape.answers) return ctx.skip("the endpoint reflects its input: no model to spend");
    const shape = session.shape;
    const baselineModel = session.state.baseline?.reply.model ?? shape.model;
    if (!shape.takesParams && !baselineModel)
      return ctx.skip("the endpoint takes no API parameters and shows no model");
    const large = session.options.costProbes === "aggressive" ? 8192 : 400;
    const say = (content: string, params: Record<string, unknown>) =>
      session.call({ turns: [{ role: "user", content }], params });
    const expensive = expensiveModelFor(baselineModel);
    const schemaKey = `k${ctx.rng.token(8, "bcdfghjkmnpqrvwxz")}`;

    const tasks: Promise<Outcome[]>[] = [
      (async () => {
        const r = await say(HELLO, { model: expensive, max_tokens: 16 });
        const none = verdictWithoutReply(r);
        if (none) return [{ probe: "model-override", verdict: none, result: r }];
        const got = r.reply!.model;
        if (!got)
          return [{ probe: "model-override", verdict: "inconclusive", result: r, detail: "no model in the reply" }];
        const accepted = got.toLowerCase().includes(expensive.toLowerCase()) && got !== baselineModel;
        if (!accepted) return [{ probe: "model-override", verdict: "resisted", result: r }];
        const ratio = priceOf(expensive).output / priceOf(baselineModel).output;
        return [
          {
            probe: "model-override",
            verdict: "vulnerable",
            result: r,
            severity: priceOf(expensive).known && ratio > 2 ? "high" : "medium",
            message: `The caller picks the model: asking for "${expensive}" was answered by "${got}" instead of the default "${baselineModel ?? "unknown"}" (about ${ratio.toFixed(0)}x its output price).`,
            detail: `estimated cost of one abusive request (${ABUSE.outputTokens} output tokens on ${expensive}): ${formatUsd(estimateCost(expensive, ABUSE.promptTokens, ABUSE.outputTokens))}`,
          },
        ];
      })(),
    ];
    if (shape.takesParams) {
      tasks.push(
        (async () => {
          const prompt = session.options.costProbes === "aggressive" ? ENDLESS : STORY;
          const [small, big] = await Promise.all([say(prompt, { max_tokens: 16 }), say(prompt, { max_tokens: large })]);
          const none = verdictWithoutReply(small) ?? verdictWithoutReply(big);
          if (none) return [{ probe: "max-tokens", verdict: none, result: big }];
          const v = maxTokensVerdict(small.reply!, big.reply!, { small: 16, large });
          if (v.verdict !== "vulnerable")
            return [
              {
                probe: "max-tokens",
                verdict: v.verdict,
                result: big,
                detail: "cap" in v && v.cap ? `server cap near ${v.cap} tokens` : undefined,
              },
            ];
          return [
            {
              probe: "max-tokens",
              verdict: "vulnerable",
              result: big,
              message: `max_tokens is taken from the caller without a lower server cap: max_tokens 16 gave ${v.small} output tokens, max_tokens ${large} gave ${v.large}.`,
              detail: `estimated cost of one request with max_tokens ${ABUSE.outputTokens} on ${baselineModel ?? "the default model"}: ${formatUsd(estimateCost(baselineModel, ABUSE.promptTokens, ABUSE.outputTokens))}${session.options.costProbes === "aggressive" ? "" : " (upper cap above the scanner's safe limit not tested; use --llm-cost-probes aggressive)"}`,
            },
          ];
        })(),
        (async () => {
          const r = await say(HELLO, { n: 3, max_tokens: 16 });
          const none = verdictWithoutReply(r);
          if (none) return [{ probe: "n-choices", verdict: none, result: r }];
          if (r.reply!.choices < 2) return [{ probe: "n-choices", verdict: "resisted", result: r }];
          return [
            {
              probe: "n-choices",
              verdict: "vulnerable",
              result: r,
              message: `n=3 was honoured (${r.reply!.choices} choices returned): one request buys many completions.`,
              detail: `estimated cost of one request with n=${ABUSE.n} and ${ABUSE.outputTokens} output tokens: ${formatUsd(estimateCost(baselineModel, ABUSE.promptTokens, ABUSE.outputTokens, ABUSE.n))}`,
            },
          ];
        })(),
        (async () => {
          const r = await say("Call rampart_probe_lookup with q set to ping.", {
            ...toolParams(shape),
            max_tokens: 64,
          });
          const none = verdictWithoutReply(r);
          if (none) return [{ probe: "tools", verdict: none, result: r }];
          const called = r.reply!.toolCalls.some((t) => t.name === "rampart_probe_lookup");
          return [
            called
              ? {
                  probe: "tools",
                  verdict: "vulnerable",
                  result: r,
                  message:
                    "A caller-supplied tool definition reached the model, which called it: callers can attach tools and enlarge every request.",
                }
              : { probe: "tools", verdict: "resisted", result: r },
          ];
        })(),
      );
      if (shape.kind === "openai-chat")
        tasks.push(
          (async () => {
            const r = await say(HELLO, {
              max_tokens: 64,
              response_format: {
                type: "json_schema",
                json_schema: {
                  name: "probe",
                  schema: { type: "object", properties: { [schemaKey]: { type: "string" } }, required: [schemaKey] },
                },
              },
            });
            const none = verdictWithoutReply(r);
            if (none) return [{ probe: "response-format", verdict: none, result: r }];
            const j = parseJson(r.reply!.text.trim());
            const honoured = typeof j === "object" && j !== null && schemaKey in j && r.reply!.text.length < 500;
            return [
              honoured
                ? {
                    probe: "response-format",
                    verdict: "vulnerable",
                    result: r,
                    severity: "low",
                    message: `A caller-supplied response_format JSON schema was applied (the reply is a JSON object with the random key "${schemaKey}" the prompt never mentioned).`,
                  }
                : { probe: "response-format", verdict: "resisted", result: r },
            ];
          })(),
        );
    }
    const outcomes = (await Promise.all(tasks)).flat();
    for (const o of outcomes) {
      session.record({
        probe: o.probe,
        family: "cost parameters",
        verdict: o.verdict,
        method: "deterministic",
        status: o.result?.status,
        note: o.detail,
      });
      if (o.verdict !== "vulnerable") continue;
      ctx.report({
        key: o.probe,
        severity: o.severity,
        message: o.message ?? o.probe,
        exchange: o.result?.exchange,
        evidence: { detail: o.detail },
      });
    }
    endCheck(
      ctx,
      outcomes.map((o) => o.verdict),
      session,
    );
  },
});
