/** Test helpers for the LLM checks: a real scan with the LLM layer against lab apps on 127.0.0.1. */

import { CAPPED_KEY, HARDENED_KEY } from "../lab/llm/servers.js";
import { CHECKS } from "../src/checks/index.js";
import type { Check } from "../src/engine/check.js";
import type { ScanReport } from "../src/engine/finding.js";
import { runScan } from "../src/engine/scan.js";
import { llmEnricher } from "../src/llm/enricher.js";
import { type LlmExtension, llmExtension, type ProbeRecord } from "../src/llm/extension.js";
import { type LlmOptionsInput, llmOption } from "../src/llm/options.js";

export const LLM_CHECKS: readonly Check[] = CHECKS.filter((c) => c.meta.category === "llm");

export interface LlmScanOptions {
  llm?: LlmOptionsInput;
  headers?: Record<string, string>;
  seed?: number;
}

/** Scans with the given checks (default: the whole LLM suite) and the LLM recognition layer. */
export function scanLlm(
  url: string,
  checks: Check | readonly Check[] = LLM_CHECKS,
  o: LlmScanOptions = {},
): Promise<ScanReport> {
  return runScan({
    url,
    checks: Array.isArray(checks) ? checks : [checks as Check],
    seed: o.seed ?? 7,
    headers: o.headers,
    enrichers: [llmEnricher()],
    layers: llmOption.entry({ tier: "quick", ...o.llm }),
    limits: { deadlineMs: 60_000 },
  });
}

export const HARDENED_AUTH = { authorization: `Bearer ${HARDENED_KEY}` };
export const CAPPED_AUTH = { authorization: `Bearer ${CAPPED_KEY}` };

/** Probe verdicts published under extensions.llm. */
export function probesOf(report: ScanReport): ProbeRecord[] {
  return llmExtension.read(report)?.probes ?? [];
}

export function recognisedOf(report: ScanReport): LlmExtension["recognised"] | undefined {
  return llmExtension.read(report)?.recognised;
}

export function llmFindings(report: ScanReport) {
  return report.findings.filter((f) => f.category === "llm");
}

export { findingsOf, requestsOf, verdictOf } from "./harness.js";
