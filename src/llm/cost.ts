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
  | { verdict: "vulnerable"; output: number }
  | { verdict: "resisted"; output: number; cap: number }
  | { verdict: "inconclusive"; output: number; reason: string };

/**
 * One request with a large max_tokens and a prompt with no natural end: the caller's value is
 * honoured (no server cap below it) when the output comes close to it; an answer cut for length
 * well below it is a server cap; an answer that stopped by itself proves neither.
 */
export function maxTokensVerdict(reply: LlmReply, asked: number): MaxTokensVerdict {
  const output = outputTokens(reply);
  if (output >= asked * 0.8) return { verdict: "vulnerable", output };
  if (/length|max_tokens/i.test(reply.finishReason ?? "")) return { verdict: "resisted", output, cap: output };
  return { verdict: "inconclusive", output, reason: `the answer ended by itself after about ${output} tokens` };
}
