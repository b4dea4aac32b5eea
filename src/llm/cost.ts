/**
 * Unbounded consumption (LLM10): a small price table, the expensive model to ask for per
 * provider family, and pure verdicts comparing what we asked for with what came back.
 */
import { PRICE_TABLE } from "./providers.js";
import type { LlmReply } from "./types.js";

const UNKNOWN_PRICE = { input: 1, output: 3 };

export function priceOf(model: string | undefined): { input: number; output: number; known: boolean } {
  const hit = model ? PRICE_TABLE.find((p) => p.match.test(model)) : undefined;
  return hit ? { input: hit.input, output: hit.output, known: true } : { ...UNKNOWN_PRICE, known: false };
}

/** The pricey model to request instead of the default, in the naming family the endpoint uses. */
export function expensiveModelFor(current: string | undefined): string {
  if (current?.includes("/")) return "meta-llama/Llama-3.1-405B-Instruct-Turbo";
  if (current && /claude/i.test(current)) return "claude-3-opus-20240229";
  return "o1-pro";
}

/** Estimated USD for one request of `promptTokens` in and `outputTokens` x `n` out. */
export function estimateCost(model: string | undefined, promptTokens: number, outputTokens: number, n = 1): number {
  const p = priceOf(model);
  return (promptTokens * p.input + outputTokens * n * p.output) / 1_000_000;
}

export function formatUsd(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/** Output size: reported completion tokens, else a word count. */
export function outputTokens(reply: LlmReply): number {
  return reply.usage?.completionTokens ?? reply.text.split(/\s+/).filter(Boolean).length;
}

export type MaxTokensVerdict =
  | { verdict: "vulnerable"; small: number; large: number }
  | { verdict: "resisted"; small: number; large: number; cap?: number }
  | { verdict: "inconclusive"; reason: string };

/**
 * max_tokens is client-controlled and not capped below what we asked when the small request
 * stayed small and the large one came close to the large value (a server cap shows as a large
 * answer clearly below what we asked, cut for length).
 */
export function maxTokensVerdict(
  small: LlmReply,
  large: LlmReply,
  asked: { small: number; large: number },
): MaxTokensVerdict {
  const s = outputTokens(small);
  const l = outputTokens(large);
  if (s > asked.small * 2) return { verdict: "resisted", small: s, large: l, cap: undefined };
  if (l < asked.small * 3)
    return l <= asked.small * 2 && s <= asked.small * 2
      ? { verdict: "inconclusive", reason: "both answers were short" }
      : { verdict: "resisted", small: s, large: l };
  if (l >= asked.large * 0.8) return { verdict: "vulnerable", small: s, large: l };
  return { verdict: "resisted", small: s, large: l, cap: l };
}
