import { z } from "zod";
import { SEVERITIES } from "./severity.js";

export { atLeast, SEVERITIES, severityRank } from "./severity.js";

/** Severity, most severe first: the order is used for sorting and gates. */
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const CONFIDENCES = ["confirmed", "firm", "tentative"] as const;
export const Confidence = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof Confidence>;

export const CATEGORIES = [
  "authentication",
  "bola",
  "bfla",
  "property-authorization",
  "input-validation",
  "resource-consumption",
  "data-exposure",
  "encryption",
  "ssrf",
  "inventory",
  "unsafe-consumption",
  "llm",
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** API and LLM Top 10 items, and the web Top 10 2021 (`A03:2021` Injection) where no API item fits alone. */
export const OwaspId = z
  .string()
  .regex(/^((API(10|[1-9])|LLM(10|0[1-9])):20(23|25)|A(10|0[1-9]):2021)$/, "e.g. API8:2023, LLM01:2025 or A03:2021");

export const OperationRef = z.object({ method: z.string(), path: z.string() });
export type OperationRef = z.infer<typeof OperationRef>;

export const Evidence = z.object({
  /** Request line, e.g. `GET /api/users?id=2` (query redacted of credentials). */
  request: z.string(),
  /** Notable request headers that make the finding (credentials redacted). */
  requestHeaders: z.record(z.string(), z.string()).optional(),
  status: z.number().int().optional(),
  /** Response headers relevant to the finding. */
  responseHeaders: z.record(z.string(), z.string()).optional(),
  /** A short, redacted excerpt of the response or of the matched value. */
  excerpt: z.string().optional(),
  /** What the check observed, in one sentence. */
  detail: z.string().optional(),
  /** Other exchanges the verdict rests on (controls, confirmations), each with its own curl line. */
  related: z
    .array(
      z.object({
        role: z.string(),
        request: z.string(),
        status: z.number().int().optional(),
        reproduce: z.string(),
      }),
    )
    .optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** Where one cause showed up: a finding of one rule and one cause lists every operation it was seen on. */
export const Instance = z.object({
  method: z.string(),
  path: z.string(),
  /** A short, redacted note of what was seen there (request line and status, or the check's detail). */
  evidence: z.string().optional(),
});
export type Instance = z.infer<typeof Instance>;
/** The list of instances is capped at this length; `instanceCount` keeps the full count. */
export const MAX_INSTANCES = 25;

/** A rule's or a sub-rule's id: kebab-case, stable forever. */
const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SubRuleId = z.string().regex(KEBAB_ID, "a kebab-case id");

export const Finding = z.object({
  ruleId: z.string().regex(KEBAB_ID),
  /**
   * The part of the rule the finding belongs to (an exposure group such as `vcs`, an LLM probe
   * family such as `base64`), when the rule has sub-rules: a suppression may name it beside the
   * rule. Kebab-case and stable forever, like the rule id.
   */
  subRule: SubRuleId.optional(),
  title: z.string(),
  severity: Severity,
  confidence: Confidence,
  category: Category,
  owasp: z.array(OwaspId),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)),
  operation: OperationRef,
  message: z.string(),
  evidence: Evidence,
  reproduce: z.string(),
  remediation: z.string(),
  fingerprint: z.string(),
  /** Set when one cause (a header missing everywhere, one spec lint) was seen on several operations. */
  instances: z.array(Instance).max(MAX_INSTANCES).optional(),
  /** Every operation the cause was seen on (`instances` may be capped). */
  instanceCount: z.number().int().min(1).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const VERDICTS = ["pass", "fail", "inconclusive", "error", "skipped"] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const CoverageEntry = z.object({
  check: z.string(),
  verdict: Verdict,
  reason: z.string().optional(),
  requests: z.number().int(),
});
export type CoverageEntry = z.infer<typeof CoverageEntry>;

export const CategoryScore = z.object({ score: z.number().nullable(), tested: z.boolean() });

export const Grade = z.enum(["A", "B", "C", "D", "F"]);
export type Grade = z.infer<typeof Grade>;

export const ScanReport = z.object({
  tool: z.object({ name: z.literal("rampart"), version: z.string() }),
  target: z.string(),
  seed: z.number().int(),
  startedAt: z.string(),
  score: z.number().int().min(0).max(100),
  grade: Grade,
  gradeCap: z.object({ grade: Grade, reason: z.string() }).optional(),
  categories: z.record(Category, CategoryScore),
  findings: z.array(Finding),
  coverage: z.array(CoverageEntry),
  /**
   * Set when the scan is incomplete: cut short (deadline, budget, interrupt), most checks without
   * a verdict, or nothing tested. `untested` of `checks` (skipped ones left out) reached no verdict;
   * `unscannable` when the target could not be scanned at all (unreachable, only 5xx answers).
   */
  partial: z
    .object({
      reason: z.string(),
      untested: z.number().int().optional(),
      checks: z.number().int().optional(),
      unscannable: z.boolean().optional(),
    })
    .optional(),
  /** Filled by later layers (OpenAPI operations, LLM shape, ...); each key owned by one module. */
  extensions: z.record(z.string(), z.unknown()).optional(),
  /** Counters; layers add their own numeric keys (e.g. `llmRequests`). */
  stats: z.looseObject({
    requests: z.number().int(),
    durationMs: z.number().int(),
    bytesReceived: z.number().int(),
    byCheck: z.record(z.string(), z.number().int()),
  }),
});
export type ScanReport = z.infer<typeof ScanReport>;
