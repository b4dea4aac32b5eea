/** The LLM layer's options as the CLI (or a test) puts them in `ScanConfig.layers.llm`. */
import type { ScanOptions } from "../engine/check.js";
import type { Tier } from "./types.js";

export interface LlmOptions {
  tier: Tier;
  /** Request body template with "{{prompt}}" (overrides recognition of the request field). */
  request?: unknown;
  /** Where the reply is in the response (`$.answer`). */
  response?: string;
  /** The owner's real system prompt, for exact leak matching. */
  systemPrompt?: string;
  /** "aggressive" lets cost probes ask for large outputs; otherwise a few hundred tokens at most. */
  costProbes: "safe" | "aggressive";
  /** OpenAI-compatible chat completions URL of an optional judge model. */
  judgeUrl?: string;
  judgeModel?: string;
  /** Build and print every payload, send none. */
  dryRun: boolean;
  /** Where dry-run payloads go (the CLI writes them to stdout). */
  print?: (line: string) => void;
  /** Model id to send when the endpoint needs one and lists none (`--llm-model`). */
  model?: string;
  /** Hard caps for the whole LLM suite. */
  maxRequests: number;
  maxTokens: number;
  /** Completion tokens the whole scan may make the target generate (`--llm-max-tokens`). */
  maxCompletionTokens: number;
}

/** Target requests the LLM suite may send per tier (recognition included). */
export const TIER_REQUEST_CAP: Record<Tier, number> = { quick: 40, standard: 120, deep: 300 };
const DEFAULT_TOKEN_CAP = 400_000;
/** Completion tokens a scan may spend by default: the quick tier needs a few thousand. */
export const DEFAULT_COMPLETION_TOKEN_CAP = 20_000;

export function llmOptions(options: Pick<ScanOptions, "layers">): LlmOptions {
  const raw = (options.layers.llm ?? {}) as Partial<LlmOptions>;
  const tier = raw.tier ?? "quick";
  return {
    costProbes: "safe",
    dryRun: false,
    ...raw,
    tier,
    maxRequests: Math.min(raw.maxRequests ?? TIER_REQUEST_CAP[tier], TIER_REQUEST_CAP[tier]),
    maxTokens: raw.maxTokens ?? DEFAULT_TOKEN_CAP,
    maxCompletionTokens: raw.maxCompletionTokens ?? DEFAULT_COMPLETION_TOKEN_CAP,
  };
}

export function tierIncludes(current: Tier, needed: Tier): boolean {
  const order: Tier[] = ["quick", "standard", "deep"];
  return order.indexOf(current) >= order.indexOf(needed);
}
