/** The LLM layer's lines in the terminal summary: what answered (or what was tried), requests, tokens and their cost. */
import { llmExtension } from "./extension.js";

/** Lines for `extensions.llm` (none when the layer did not run). */
export function llmSummaryLines(report: { extensions?: Record<string, unknown> }): string[] {
  const ext = llmExtension.read(report);
  if (!ext) return [];
  if (!ext.recognised) return [`LLM: not recognised: ${ext.reason ?? "no candidate answered"}`];
  const r = ext.recognised;
  const spend = ext.spend;
  const cost = `, ${spend.promptTokens} prompt + ${spend.completionTokens} completion tokens (~$${spend.estimatedCostUsd.toFixed(4)}${spend.priced ? "" : " at a generic price"})`;
  const lines = [
    `LLM: ${r.kind} at ${r.path}${r.model ? ` (model ${r.model})` : ""} via ${r.via}; ${ext.requests} requests${cost}`,
  ];
  if (r.canned)
    lines.push(
      "  same answer whatever it was asked: probed anyway; pass --llm-request / --llm-response if another field reaches the model",
    );
  return lines;
}
