/**
 * Prompt-injection heuristics: the attack families the scanner's LLM probes use, written as
 * patterns general enough to catch other wordings of them (not the probes' literal text). The
 * guard blocks requests with them; the LLM suite's tests prove every probe family is covered.
 * Text is also read through the encodings attackers use to slip past keyword filters.
 */
import { decodedSegments, fromUnicodeTags, rot13 } from "../text-forms.js";

export type InjectionFamily =
  | "instruction-override"
  | "prompt-extraction"
  | "persona-jailbreak"
  | "template-markers"
  | "hidden-characters"
  | "encoded-instructions";

export interface InjectionPattern {
  id: string;
  family: InjectionFamily;
  pattern: RegExp;
}

/** How the text was read when the pattern matched. */
export type InjectionReading = "plain" | "decoded" | "rot13" | "leetspeak" | "unicode-tags";

export interface InjectionMatch {
  family: InjectionFamily;
  patternId: string;
  reading: InjectionReading;
  /** The matched words (at most 80 characters). */
  excerpt: string;
}

const PRIOR =
  "(?:all|any|every|the|your|my|these|those|previous|prior|earlier|above|preceding|original|initial|system|operator|developer|other|existing|current|old)";
const RULES =
  "(?:instructions?|rules?|prompts?|directives?|directions?|guidelines?|constraints?|guardrails?|polic(?:y|ies)|programming|setup|configuration)";
const REVEAL =
  "(?:reveal|show|print|output|repeat|recite|tell|write|give|list|quote|share|dump|display|disclose|return|spell|leak|paste|copy|summari[sz]e|encode|translate|expose)";
const HIDDEN_PROMPT = String.raw`(?:system|initial|original|hidden|confidential|secret|developer|internal|starting|opening|first|pre-?prompt|setup)\s+(?:prompt|instructions?|message|rules?|directives?|configuration|text)`;

/** Attack families as data: one copy for the guard and the scanner's tests. */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    id: "ignore-prior-rules",
    family: "instruction-override",
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|set aside|pay no attention to)\s+(?:${PRIOR}\s+){0,4}(?:\w+\s+){0,2}${RULES}`,
      "i",
    ),
  },
  {
    id: "ignore-and-instead",
    family: "instruction-override",
    pattern: /\b(?:ignore|disregard|forget)\b[^.\n]{0,60}\b(?:and|then)\s+(?:instead|only)\b/i,
  },
  {
    id: "french-override",
    family: "instruction-override",
    pattern:
      /\b(?:ignore[sz]?|oublie[sz]?|ne tiens pas compte de|ne tenez pas compte de)\s+(?:\S+\s+){0,3}(?:instructions|règles|consignes|directives)\b/i,
  },
  {
    id: "ignore-what-you-were-told",
    family: "instruction-override",
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+|anything\s+|whatever\s+)(?:that\s+)?you(?:'ve| have| were| got)?\s+(?:been\s+)?(?:told|given|instructed|asked|taught)\b/i,
  },
  {
    id: "ignore-the-users-request",
    family: "instruction-override",
    pattern:
      /\b(?:ignore|disregard|forget|skip)\s+(?:the\s+)?(?:user'?s?|reader'?s?|original|actual|real)\s+(?:request|question|task|query|instructions?)\b/i,
  },
  {
    id: "even-if-rules-disagree",
    family: "instruction-override",
    pattern:
      /\beven (?:if|though|when) (?:your|the|any|my)\s+(?:\w+\s+)?(?:rules|instructions|guidelines|policies|system prompt|principles)\s+(?:disagree|say otherwise|forbid|object|prohibit|say no)\b|\b(?:for the rest of (?:this|the|our) (?:chat|conversation|session)|from now on)\b[^.\n]{0,40}\byou (?:do|follow|obey)\s+(?:exactly|only|whatever)\b/i,
  },
  {
    id: "new-priority-rule",
    family: "instruction-override",
    pattern:
      /\b(?:new|updated|revised)\s+(?:top[- ]priority\s+|highest[- ]priority\s+|system\s+)?(?:rule|instruction|directive)s?\s*[:.]|\byour (?:only|new|real) (?:job|task|purpose|goal) (?:now |from now on )?is\b/i,
  },
  {
    id: "whatever-rules-say",
    family: "instruction-override",
    pattern:
      /\b(?:whatever|regardless of what|no matter what)\s+(?:your|my|the|any)?\s*(?:other\s+)?(?:rules|instructions|guidelines|system prompt|policies)\s+(?:say|says|are|tell you)\b/i,
  },
  {
    id: "notice-to-model",
    family: "instruction-override",
    pattern:
      /\b(?:system|admin|developer|operator)\s+(?:notice|note|message|override)\s+(?:to|for)\s+(?:the\s+)?(?:assistant|ai|model)\b/i,
  },
  {
    id: "instructions-to-model",
    family: "instruction-override",
    pattern:
      /\b(?:assistant|ai|model|llm|bot)[_ -](?:directive|instruction|override|note)s?\b|\bnote to (?:the )?(?:ai|assistant|model)\b|\b(?:for|to) (?:the|any|an) (?:ai|assistant|model|llm|bot)\s+(?:reading|processing|summari[sz]ing|parsing)\b/i,
  },
  {
    id: "reveal-hidden-prompt",
    family: "prompt-extraction",
    pattern: new RegExp(String.raw`\b${REVEAL}\b[^.?!\n]{0,60}\b${HIDDEN_PROMPT}\b`, "i"),
  },
  {
    id: "reveal-your-rules",
    family: "prompt-extraction",
    pattern: new RegExp(
      String.raw`\b${REVEAL}\b[^.?!\n]{0,40}\b(?:your|the)\s+(?:\w+\s+){0,2}(?:instructions|rules and instructions|rules you were given|instructions you were given|guidelines you were given)\b`,
      "i",
    ),
  },
  {
    id: "french-extraction",
    family: "prompt-extraction",
    pattern:
      /\b(?:consignes|instructions|règles|directives)\s+(?:\S+\s+)?(?:confidentielles|secrètes|cachées|initiales|système|d'origine)\b|\b(?:que l'on t'a|qu'on t'a|qui t'ont été|que l'on vous a|qu'on vous a)\s+(?:données|fournies|dites|transmises)\b|\bprompt système\b/i,
  },
  {
    id: "your-hidden-prompt",
    family: "prompt-extraction",
    pattern: new RegExp(String.raw`\byour\s+${HIDDEN_PROMPT}\b`, "i"),
  },
  {
    id: "rules-you-were-given",
    family: "prompt-extraction",
    pattern:
      /\b(?:rules?|instructions?|guidelines?|directives?)\s+(?:that\s+)?you (?:were|have been|got) (?:given|told)\b/i,
  },
  {
    id: "text-above",
    family: "prompt-extraction",
    pattern:
      /\b(?:repeat|print|output|copy|quote|recite|reproduce)\b[^.?!\n]{0,40}\b(?:text|words|everything|messages?|content|lines?)\s+(?:above|before|preceding|prior to)\b/i,
  },
  {
    id: "given-before-conversation",
    family: "prompt-extraction",
    pattern:
      /\b(?:you were given|you received|you were told|were you given)\b[^.?!\n]{0,40}\b(?:before|prior to|at the start of)\b[^.?!\n]{0,30}\b(?:conversation|chat|session|this message)\b|\bexact words of (?:the|your) (?:setup|instructions|prompt)\b/i,
  },
  {
    id: "do-anything-now",
    family: "persona-jailbreak",
    pattern: /\bdo anything now\b|\byou (?:are|will (?:act as|be)|act as) (?:now )?DAN\b|\bjailbr(?:eak|oken)\b/i,
  },
  {
    id: "developer-mode",
    family: "persona-jailbreak",
    pattern:
      /\b(?:developer|debug|god|admin|unrestricted|sudo|maintenance)\s+mode\s+(?:is\s+)?(?:enabled|activated|on|engaged)\b|\benable\s+(?:developer|debug|god)\s+mode\b/i,
  },
  {
    id: "persona-without-rules",
    family: "persona-jailbreak",
    pattern:
      /\b(?:pretend|imagine|act|play|role-?play)\b[^.\n]{0,60}\b(?:ignores?|breaks?|without|free of|above)\s+(?:every|all|any|the)?\s*(?:rules?|restrictions|limits|filters|guidelines)\b|\bnever (?:steps?|breaks?) out of (?:the |their |her |his )?(?:role|character)\b|\b(?:with(?:out)?|has|have|having)\s+no\s+(?:rules|restrictions|limits|filters|guidelines|morals|censorship)\b|\b(?:never|don't|do not) (?:break|leave|drop) (?:out of )?character\b|\bstay in character\b|\bnever refuses?\b|\bbroken free of\b/i,
  },
  {
    id: "chat-template-markers",
    family: "template-markers",
    pattern:
      /<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instruction)s?\s*:/im,
  },
  {
    id: "decode-and-obey",
    family: "encoded-instructions",
    pattern:
      /\b(?:decode|decipher|translate|convert|read|apply|unscramble|decrypt)\b[^.\n]{0,60}\b(?:and|then)\s+(?:then\s+)?(?:follow|obey|do|execute|carry out|act on|perform)\b/i,
  },
];

/** Unicode tag characters (U+E0000–U+E007F): invisible text many models still read. */
const TAG_CHARS = /[\u{e0000}-\u{e007f}]/u;
/** Zero-width characters between letters: a keyword split so a filter does not see it. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const LEET_BACK: Record<string, string> = {
  "4": "a",
  "3": "e",
  "1": "i",
  "0": "o",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};

function leetToPlain(text: string): string {
  // Only inside words that mix letters and leet digits, so prices and dates are left alone.
  return text.replace(/\b(?=[\w@$]*[a-z])(?=[\w@$]*[013457@$])[\w@$]+\b/gi, (w) =>
    w.replace(/[0134578@$]/g, (c) => LEET_BACK[c] ?? c),
  );
}

function matchAll(text: string, reading: InjectionReading, out: InjectionMatch[]): void {
  for (const p of INJECTION_PATTERNS) {
    const m = p.pattern.exec(text);
    if (m) out.push({ family: p.family, patternId: p.id, reading, excerpt: m[0].slice(0, 80) });
  }
}

/**
 * Every injection pattern found in `text`, read as written (zero-width characters removed, NFKC
 * normalised), then through the hidden encodings (Unicode tags, base64 and hex runs, ROT13,
 * leetspeak). Attacks found only in an encoded reading are reported under their own family
 * with that reading, so a caller can tell "said it" from "smuggled it".
 */
export function detectInjection(text: string): InjectionMatch[] {
  const out: InjectionMatch[] = [];
  const zeroWidthRuns = (text.match(ZERO_WIDTH) ?? []).length;
  const plain = text.normalize("NFKC").replace(ZERO_WIDTH, "");
  if (TAG_CHARS.test(text)) {
    out.push({ family: "hidden-characters", patternId: "unicode-tags", reading: "unicode-tags", excerpt: "" });
    matchAll(fromUnicodeTags(plain), "unicode-tags", out);
  }
  if (zeroWidthRuns >= 3)
    out.push({ family: "hidden-characters", patternId: "zero-width", reading: "plain", excerpt: "" });
  matchAll(plain, "plain", out);
  for (const decoded of decodedSegments(plain)) matchAll(decoded, "decoded", out);
  const seen = new Set(out.map((m) => m.patternId));
  const extra: InjectionMatch[] = [];
  matchAll(rot13(plain), "rot13", extra);
  matchAll(leetToPlain(plain), "leetspeak", extra);
  for (const m of extra) if (!seen.has(m.patternId)) out.push(m);
  return dedupe(out);
}

function dedupe(matches: InjectionMatch[]): InjectionMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.patternId}:${m.reading}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
