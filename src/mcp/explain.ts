/**
 * What a rule means, why it matters, how to fix it and where to read more, from the check's own
 * metadata (the single source of `rampart checks` and docs/checks.md) plus the OWASP and CWE
 * entries it maps to.
 */
import { z } from "zod";
import { CHECKS } from "../checks/index.js";
import type { CheckMeta } from "../engine/check.js";
import { UsageError } from "../engine/errors.js";
import { Category, Severity } from "../engine/finding.js";

/** OWASP API Security Top 10 2023 and OWASP Top 10 for LLM Applications 2025: names and pages. */
const OWASP: Record<string, { name: string; url: string }> = {
  "API1:2023": { name: "Broken Object Level Authorization", url: "0xa1-broken-object-level-authorization" },
  "API2:2023": { name: "Broken Authentication", url: "0xa2-broken-authentication" },
  "API3:2023": {
    name: "Broken Object Property Level Authorization",
    url: "0xa3-broken-object-property-level-authorization",
  },
  "API4:2023": { name: "Unrestricted Resource Consumption", url: "0xa4-unrestricted-resource-consumption" },
  "API5:2023": { name: "Broken Function Level Authorization", url: "0xa5-broken-function-level-authorization" },
  "API6:2023": {
    name: "Unrestricted Access to Sensitive Business Flows",
    url: "0xa6-unrestricted-access-to-sensitive-business-flows",
  },
  "API7:2023": { name: "Server Side Request Forgery", url: "0xa7-server-side-request-forgery" },
  "API8:2023": { name: "Security Misconfiguration", url: "0xa8-security-misconfiguration" },
  "API9:2023": { name: "Improper Inventory Management", url: "0xa9-improper-inventory-management" },
  "API10:2023": { name: "Unsafe Consumption of APIs", url: "0xaa-unsafe-consumption-of-apis" },
  "LLM01:2025": { name: "Prompt Injection", url: "llm01-prompt-injection" },
  "LLM02:2025": { name: "Sensitive Information Disclosure", url: "llm022025-sensitive-information-disclosure" },
  "LLM03:2025": { name: "Supply Chain", url: "llm032025-supply-chain" },
  "LLM04:2025": { name: "Data and Model Poisoning", url: "llm042025-data-and-model-poisoning" },
  "LLM05:2025": { name: "Improper Output Handling", url: "llm052025-improper-output-handling" },
  "LLM06:2025": { name: "Excessive Agency", url: "llm062025-excessive-agency" },
  "LLM07:2025": { name: "System Prompt Leakage", url: "llm072025-system-prompt-leakage" },
  "LLM08:2025": { name: "Vector and Embedding Weaknesses", url: "llm082025-vector-and-embedding-weaknesses" },
  "LLM09:2025": { name: "Misinformation", url: "llm092025-misinformation" },
  "LLM10:2025": { name: "Unbounded Consumption", url: "llm102025-unbounded-consumption" },
};

function owaspUrl(id: string, slug: string): string {
  return id.startsWith("API")
    ? `https://owasp.org/API-Security/editions/2023/en/${slug}/`
    : `https://genai.owasp.org/llmrisk/${slug}/`;
}

export const Explanation = z.object({
  ruleId: z.string(),
  title: z.string(),
  category: Category,
  severity: Severity,
  confidence: z.string(),
  /** What a finding of this rule says about the API. */
  meaning: z.string(),
  /** The risk: what an attacker gains. */
  whyItMatters: z.string(),
  remediation: z.string(),
  owasp: z.array(z.object({ id: z.string(), name: z.string() })),
  cwe: z.array(z.string()),
  references: z.array(z.string()),
  /** Where Rampart documents the rule. */
  docs: z.string(),
  /** Off unless the scan opts in (e.g. `active`). */
  optIn: z.string().optional(),
});
export type Explanation = z.infer<typeof Explanation>;

export function checkMetas(): CheckMeta[] {
  return CHECKS.map((c) => c.meta);
}

export function explainRule(ruleId: string, metas: readonly CheckMeta[] = checkMetas()): Explanation {
  const meta = metas.find((m) => m.id === ruleId);
  if (!meta) {
    const near = metas.filter((m) => m.id.includes(ruleId) || ruleId.includes(m.id)).map((m) => m.id);
    throw new UsageError(
      `unknown rule id ${JSON.stringify(ruleId)}${near.length ? ` (did you mean ${near.slice(0, 3).join(", ")}?)` : ""}; list_checks lists every id`,
    );
  }
  const owasp = meta.owasp.map((id) => ({ id, name: OWASP[id]?.name ?? id }));
  const references = [
    ...meta.references,
    ...meta.owasp.flatMap((id) => (OWASP[id] ? [owaspUrl(id, OWASP[id].url)] : [])),
    ...meta.cwe.map((c) => `https://cwe.mitre.org/data/definitions/${c.slice("CWE-".length)}.html`),
  ];
  const weaknesses = meta.owasp.map((id) => `${id} ${OWASP[id]?.name ?? ""}`.trim()).join("; ");
  return {
    ruleId: meta.id,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    meaning: `${meta.title}. Rampart's ${meta.category} check ${meta.id} reports this (default severity ${meta.severity}, confidence ${meta.confidence}); it falls under ${weaknesses} and ${meta.cwe.join(", ")}.`,
    whyItMatters: meta.description,
    remediation: meta.remediation,
    owasp,
    cwe: meta.cwe,
    references: [...new Set(references)],
    docs: `docs/checks.md#${meta.id}`,
    ...(meta.optIn ? { optIn: meta.optIn } : {}),
  };
}
