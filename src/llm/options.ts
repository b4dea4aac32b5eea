/** The LLM layer's options under `ScanConfig.layers.llm`, as the scan API (or a test) writes them. */
import { z } from "zod";
import { LayerOption, type LayerValues } from "../engine/seams.js";
import { TIERS, type Tier } from "./types.js";

export const llmOption = new LayerOption(
  "llm",
  z.object({
    tier: z.enum(TIERS).default("quick"),
    /** Request body template with "{{prompt}}" (overrides recognition of the request field). */
    request: z.unknown().optional(),
    /** Where the reply is in the response (`$.answer`). */
    response: z.string().optional(),
    /** The owner's real system prompt, for exact leak matching. */
    systemPrompt: z.string().optional(),
    /** "aggressive" lets cost probes ask for large outputs; otherwise a few hundred tokens at most. */
    costProbes: z.enum(["safe", "aggressive"]).default("safe"),
    /** OpenAI-compatible chat completions URL of an optional judge model. */
    judgeUrl: z.string().optional(),
    judgeModel: z.string().optional(),
    /** Build and print every payload, send none. */
    dryRun: z.boolean().default(false),
    /** Where dry-run payloads go (the CLI writes them to stdout). */
    print: z.custom<(line: string) => void>((v) => typeof v === "function").optional(),
    /** Model id to send when the endpoint needs one and lists none (`--llm-model`). */
    model: z.string().optional(),
    /** Hard caps for the whole LLM suite (the tier's cap and a token cap by default). */
    maxRequests: z.number().int().min(1).optional(),
    maxTokens: z.number().int().min(1).optional(),
    /** Completion tokens the whole scan may make the target generate (`--llm-max-tokens`). */
    maxCompletionTokens: z.number().int().min(1).optional(),
  }),
);
export type LlmOptionsInput = z.input<typeof llmOption.schema>;
/** The options with every cap resolved. */
export type LlmOptions = Omit<
  z.output<typeof llmOption.schema>,
  "maxRequests" | "maxTokens" | "maxCompletionTokens"
> & {
  maxRequests: number;
  maxTokens: number;
  maxCompletionTokens: number;
};

/** Target requests the LLM suite may send per tier (recognition included). */
export const TIER_REQUEST_CAP: Record<Tier, number> = { quick: 40, standard: 120, deep: 300 };
const DEFAULT_TOKEN_CAP = 400_000;
/** Completion tokens a scan may spend by default: the quick tier needs a few thousand. */
export const DEFAULT_COMPLETION_TOKEN_CAP = 20_000;

/** The suite's options with its caps: a tier never sends more than its cap, whatever was asked. */
export function llmOptions(options: { layers: LayerValues }): LlmOptions {
  const given = llmOption.read(options.layers);
  return {
    ...given,
    maxRequests: Math.min(given.maxRequests ?? TIER_REQUEST_CAP[given.tier], TIER_REQUEST_CAP[given.tier]),
    maxTokens: given.maxTokens ?? DEFAULT_TOKEN_CAP,
    maxCompletionTokens: given.maxCompletionTokens ?? DEFAULT_COMPLETION_TOKEN_CAP,
  };
}

export function tierIncludes(current: Tier, needed: Tier): boolean {
  const order: Tier[] = ["quick", "standard", "deep"];
  return order.indexOf(current) >= order.indexOf(needed);
}
