/** The LLM layer's lines in the terminal summary: what answered (or what was tried), requests, tokens and their cost. */

interface LlmExtension {
  recognised?: { kind: string; path: string; via: string; model?: string; canned?: boolean } | null;
  reason?: string;
  requests?: number;
  spend?: { promptTokens: number; completionTokens: number; estimatedCostUsd: number; priced: boolean };
}

/** Lines for `extensions.llm` (none when the layer did not run). */
export function llmSummaryLines(extension: unknown): string[] {
  const ext = extension as LlmExtension | undefined;
  if (!ext) return [];
  if (!ext.recognised) return [`LLM: not recognised: ${ext.reason ?? "no candidate answered"}`];
  const r = ext.recognised;
  const spend = ext.spend;
  const cost = spend
    ? `, ${spend.promptTokens} prompt + ${spend.completionTokens} completion tokens (~$${spend.estimatedCostUsd.toFixed(4)}${spend.priced ? "" : " at a generic price"})`
    : "";
  const lines = [
    `LLM: ${r.kind} at ${r.path}${r.model ? ` (model ${r.model})` : ""} via ${r.via}; ${ext.requests ?? 0} requests${cost}`,
  ];
  if (r.canned)
    lines.push(
      "  same answer whatever it was asked: probed anyway; pass --llm-request / --llm-response if another field reaches the model",
    );
  return lines;
}
