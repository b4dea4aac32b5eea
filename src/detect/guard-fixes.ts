/**
 * Which guard setting answers which scanner finding. One table: the LLM checks' remediation
 * text, docs/guard.md and the proof-loop test all read it, so a renamed or split rule id is
 * updated here once. `probe` narrows a rule to one of its probes, for rules that have several.
 */

export interface GuardFix {
  ruleId: string;
  probe?: string;
  /** The guard.yaml key, as written there. */
  setting: string;
  /** What to set, in a few words. */
  how: string;
}

export const GUARD_FIXES: readonly GuardFix[] = [
  { ruleId: "llm-model-override", setting: "limits.models", how: "list the allowed models" },
  { ruleId: "llm-max-tokens-uncapped", setting: "limits.max_tokens", how: "cap max_tokens" },
  { ruleId: "llm-n-choices", setting: "limits.n", how: "cap n (1)" },
  { ruleId: "llm-tools-param", setting: "limits.strip_params", how: "add tools" },
  { ruleId: "llm-response-format", setting: "limits.strip_params", how: "add response_format" },
  { ruleId: "llm-auth-any-bearer", setting: "keys", how: "list the caller keys; any other gets 401" },
  { ruleId: "llm-auth-anonymous", setting: "keys", how: "list the caller keys; a request without one gets 401" },
  {
    ruleId: "llm-rate-limit",
    setting: "limits.rate.per_key",
    how: 'set a rate such as "20/minute"; add limits.tokens_per_day',
  },
  {
    ruleId: "llm-oversized-prompt",
    setting: "limits.max_input_chars",
    how: "cap prompt characters (and limits.max_input_tokens)",
  },
  {
    ruleId: "llm-system-prompt-leak",
    setting: "output.protected",
    how: "list system-prompt fragments and canaries (output.canaries)",
  },
  { ruleId: "llm-sensitive-output", setting: "output.redact", how: "redact [pii, secrets]" },
  { ruleId: "llm-pii-extraction", setting: "output.redact", how: "redact [pii]" },
  {
    ruleId: "llm-output-handling",
    setting: "output.strip_markup",
    how: "true (the default): images, scripts and javascript: links removed",
  },
  { ruleId: "llm-prompt-injection", setting: "input.block_injection", how: "true" },
  { ruleId: "llm-jailbreak", setting: "input.block_injection", how: "true" },
  { ruleId: "llm-encoding-bypass", setting: "input.block_injection", how: "true (encoded readings are checked)" },
  { ruleId: "llm-indirect-injection", setting: "input.block_injection", how: "true" },
  { ruleId: "llm-multi-turn", setting: "input.block_injection", how: "true" },
  { ruleId: "llm-provider-param-leak", setting: "limits.strip_params", how: "keep echo (and add logprobs)" },
  // Any bearer accepted on a GET route of the same API (the generic wrong-credential check).
  { ruleId: "auth-invalid-token-accepted", setting: "keys", how: "list the caller keys; any other gets 401" },
];

/** The guard settings that address a rule (every probe of it), for remediation text. */
export function guardFixesFor(ruleId: string): GuardFix[] {
  return GUARD_FIXES.filter((f) => f.ruleId === ruleId);
}

/** One sentence naming the guard settings for `ruleId`, appended to a check's remediation. */
export function guardAdvice(ruleId: string): string {
  const fixes = guardFixesFor(ruleId);
  if (!fixes.length) return "";
  const settings = [...new Set(fixes.map((f) => `\`${f.setting}\``))].join(", ");
  return ` Rampart Guard (rampart guard, docs/guard.md): ${settings}.`;
}

/** The docs table "finding → guard setting" (docs/guard.md holds a copy checked by a test). */
export function guardFixesTable(): string {
  const rows = GUARD_FIXES.map(
    (f) => `| \`${f.ruleId}\`${f.probe ? ` (${f.probe})` : ""} | \`${f.setting}\` | ${f.how} |`,
  );
  return ["| finding | guard setting | how |", "| --- | --- | --- |", ...rows].join("\n");
}
