/** Metadata shared by the LLM checks (helper: the leading underscore keeps it out of the registry). */
export const OWASP_LLM_TOP10 = "https://genai.owasp.org/llm-top-10/";
export const llmRef = (slug: string) => `https://genai.owasp.org/llmrisk/${slug}/`;
export const LLM01 = llmRef("llm01-prompt-injection");
export const LLM02 = llmRef("llm022025-sensitive-information-disclosure");
export const LLM05 = llmRef("llm052025-improper-output-handling");
export const LLM06 = llmRef("llm062025-excessive-agency");
export const LLM07 = llmRef("llm072025-system-prompt-leakage");
export const LLM09 = llmRef("llm092025-misinformation");
export const LLM10 = llmRef("llm102025-unbounded-consumption");
export const CWE_1427 = "https://cwe.mitre.org/data/definitions/1427.html";
