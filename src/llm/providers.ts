/**
 * Provider facts as data: how a provider shows itself (host, headers, error text), the model ids
 * recognition tries on a gateway that needs `model` and lists none, and list prices for
 * estimates (USD per million tokens; approximate public list prices, Together's first).
 */

export interface ProviderFacts {
  name: string;
  /** Matched against the target host, response header names and values, and error text. */
  signature: RegExp;
  /** Well-known chat model ids, most common first (tried in this order, a few at most). */
  models: readonly string[];
}

export const PROVIDERS: readonly ProviderFacts[] = [
  {
    name: "together",
    signature: /together/i,
    models: [
      "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
      "Qwen/Qwen2.5-72B-Instruct-Turbo",
    ],
  },
  { name: "openai", signature: /openai/i, models: ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4o"] },
  { name: "groq", signature: /groq/i, models: ["llama-3.1-8b-instant", "llama-3.3-70b-versatile"] },
  { name: "mistral", signature: /mistral/i, models: ["mistral-small-latest", "mistral-large-latest"] },
  { name: "openrouter", signature: /openrouter/i, models: ["openai/gpt-4o-mini", "meta-llama/llama-3.3-70b-instruct"] },
];

/** Model ids to try when the provider is unknown: the most common one of each provider. */
export const GENERIC_MODELS: readonly string[] = PROVIDERS.map((p) => p.models[0]);

export interface PriceRow {
  /** Matched against the model id. */
  match: RegExp;
  input: number;
  output: number;
}

/**
 * USD per million tokens (input, output). Together's serverless list first, then the other
 * providers; the first matching row wins, so specific ids come before family patterns.
 */
export const PRICE_TABLE: readonly PriceRow[] = [
  // Together AI serverless
  { match: /Llama-3\.3-70B-Instruct-Turbo/i, input: 0.88, output: 0.88 },
  { match: /Meta-Llama-3\.1-405B|Llama-3\.1-405B/i, input: 3.5, output: 3.5 },
  { match: /Meta-Llama-3\.1-70B|Llama-3\.1-70B/i, input: 0.88, output: 0.88 },
  { match: /Meta-Llama-3\.1-8B|Llama-3\.1-8B/i, input: 0.18, output: 0.18 },
  { match: /Llama-4-Maverick/i, input: 0.27, output: 0.85 },
  { match: /Llama-4-Scout/i, input: 0.18, output: 0.59 },
  { match: /Qwen2\.5-72B/i, input: 1.2, output: 1.2 },
  { match: /DeepSeek-R1/i, input: 3, output: 7 },
  { match: /DeepSeek-V3/i, input: 1.25, output: 1.25 },
  { match: /Mixtral-8x7B/i, input: 0.6, output: 0.6 },
  // Other providers
  { match: /o1-pro/i, input: 150, output: 600 },
  { match: /gpt-4\.5/i, input: 75, output: 150 },
  { match: /claude-(?:3-)?opus|opus-4/i, input: 15, output: 75 },
  { match: /\bo1\b|o1-preview/i, input: 15, output: 60 },
  { match: /gpt-4o-mini|gpt-4\.1-mini/i, input: 0.15, output: 0.6 },
  { match: /gpt-4o|gpt-4\.1/i, input: 2.5, output: 10 },
  { match: /claude-.*sonnet/i, input: 3, output: 15 },
  { match: /claude-.*haiku/i, input: 0.8, output: 4 },
  { match: /llama-3\.1-8b-instant/i, input: 0.05, output: 0.08 },
  { match: /llama-3\.3-70b-versatile/i, input: 0.59, output: 0.79 },
  { match: /mistral-large/i, input: 2, output: 6 },
  { match: /mistral-small/i, input: 0.1, output: 0.3 },
  // Size families, for ids not listed above
  { match: /405b/i, input: 3.5, output: 3.5 },
  { match: /70b|72b/i, input: 0.88, output: 0.88 },
  { match: /8b|7b|mini|small/i, input: 0.18, output: 0.18 },
];

/** The provider a response or host points at, if any. */
export function detectProvider(evidence: string): ProviderFacts | undefined {
  return PROVIDERS.find((p) => p.signature.test(evidence));
}
