import { z } from "zod";
import type { Soft404 } from "./calibrate.js";
import { Category, Confidence, type Evidence, OwaspId, Severity, SubRuleId } from "./finding.js";
import type { CheckHttp, Exchange, HttpClient, HttpLimits, IdentityName, RecordedExchange } from "./http.js";
import type { Rng } from "./rng.js";
import type { Artefacts, LayerOption, LayerValues } from "./seams.js";
import type { Operation, Target } from "./target.js";

/** A check's metadata: the single source of the registry, `rampart checks`, docs/checks.md and SARIF rules. */
export const CheckMeta = z.object({
  /** Stable kebab-case id, equal to the file name. Ids are forever. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string().min(5),
  category: Category,
  /** Default severity; a finding may state its own. */
  severity: Severity,
  /** Default confidence; a finding may state its own. */
  confidence: Confidence.default("firm"),
  owasp: z.array(OwaspId).min(1),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)).min(1),
  /** `probe` checks send requests; `passive` ones run last over every recorded exchange and send none;
   * `burst` probes (bounded bursts that may trip the target's rate limiter) run after every other
   * probe, so the 429s they provoke cannot throttle or skew the other checks. */
  phase: z.enum(["probe", "burst", "passive"]).default("probe"),
  /** Requests the check may send at most (per scan). */
  maxRequests: z.number().int().min(0),
  /** Extra methods beyond GET/HEAD/OPTIONS. Only POST, and only when every body the check sends is benign. */
  methods: z.array(z.literal("POST")).default([]),
  /** Why the check matters, in one or two sentences. */
  description: z.string().min(10),
  remediation: z.string().min(10),
  references: z.array(z.string().url()).default([]),
  /** Off unless asked for (e.g. by a CLI flag): the runner skips it with a reason. */
  optIn: z.string().optional(),
  /**
   * The sub-rules the check reports under (exposure groups, LLM probe families): each finding may
   * name one in `subRule`, so a suppression or a baseline can address one sub-rule alone. Ids are
   * kebab-case and forever, like rule ids.
   */
  subRules: z
    .array(z.object({ id: SubRuleId, title: z.string().min(3) }))
    .min(1)
    .refine((list) => new Set(list.map((s) => s.id)).size === list.length, "sub-rule ids must be unique")
    .optional(),
});
export type CheckMetaInput = z.input<typeof CheckMeta>;
export type CheckMeta = z.output<typeof CheckMeta>;

/** What a check reports; the runner fills ids, taxonomy, curl and the fingerprint. */
export interface FindingInput {
  title?: string;
  severity?: Severity;
  confidence?: z.infer<typeof Confidence>;
  message: string;
  /** Operation the finding is about (defaults to the exchange's method and path). */
  operation?: { method: string; path: string };
  /** The exchange that proves it: becomes the request line, status and curl command. */
  exchange?: Exchange;
  evidence?: Partial<Evidence>;
  /** Distinguishes findings of one rule on one operation (e.g. the header name); part of the fingerprint. */
  key?: string;
  /**
   * The sub-rule the finding belongs to (an exposure group, an LLM probe family): one of
   * `meta.subRules`. Findings of different sub-rules must differ by `key` (the runner enforces it),
   * since the sub-rule is not itself hashed into the fingerprint; without a `key` it is the key.
   */
  subRule?: string;
  remediation?: string;
  /** Values that must never appear in full in any output (a detected secret, a token). */
  secrets?: string[];
  /**
   * One cause seen on many operations (a header missing everywhere, one spec lint): findings of the
   * rule with the same cause become one finding listing its `instances`; the fingerprint is the cause's.
   */
  cause?: string;
}

export type { Artefacts } from "./seams.js";

export interface ScanOptions {
  seed: number;
  /** Flags that opt-in checks look for (e.g. `ssrf-probe`). */
  enabled: Set<string>;
  /** Per-layer options (llm, burst, tls...), each written and read through its `LayerOption` key. */
  layers: LayerValues;
}

/** The tier a scan runs in: `active` when the opt-in active tier is on (state-changing probes), else `safe`. */
export const ScanTier = z.enum(["safe", "active"]);
export type ScanTier = z.infer<typeof ScanTier>;

export function scanTierOf(options: Pick<ScanOptions, "enabled">): ScanTier {
  return options.enabled.has("active") ? "active" : "safe";
}

export interface CheckContext {
  readonly meta: CheckMeta;
  readonly target: Target;
  readonly http: CheckHttp;
  /** Deterministic randomness for this check. */
  readonly rng: Rng;
  readonly options: ScanOptions;
  /** A layer's options, typed and with their defaults (`ctx.option(burstOption).size`). */
  option<S extends z.ZodType<object>>(key: LayerOption<S>): z.output<S>;
  /** What the scan's parts leave for each other, by typed key (`ctx.artefacts.once(KEY, make)`). */
  readonly artefacts: Artefacts;
  readonly signal: AbortSignal;
  /** How the target answers paths that do not exist (computed once per scan, shared). */
  soft404(): Promise<Soft404>;
  /** The first response to each operation, fetched once by the engine before checks run. */
  baseline(op: Operation): Exchange | undefined;
  /** Every exchange recorded so far, in a deterministic order. Passive checks see all of them. */
  exchanges(): RecordedExchange[];
  report(finding: FindingInput): void;
  /** End with `inconclusive` unless a finding was reported. */
  inconclusive(reason: string): void;
  /** End with `skipped` (nothing applicable). */
  skip(reason: string): void;
  /** End with `pass` unless a finding was reported, stating what was measured (shown in coverage). */
  pass(reason: string): void;
  /** Remember a value that must be redacted from every output. */
  redact(value: string): void;
  /** Who the scan is: which identities it has and their credentials (to skip, compare and redact). */
  readonly identities: ScanIdentities;
  /** The scan's limits and what is left of them. */
  readonly scan: ScanProgress;
}

export interface ScanIdentities {
  has(name: IdentityName): boolean;
  /** Header names that carry credentials: the identities' own plus `authorization` and `cookie`. */
  credentialHeaders(): string[];
  /** The identities' own credential header names (no defaults). */
  headerNames(): string[];
  /** Every credential value, to recognise echoes of our own credentials and redact them. */
  values(): string[];
}

export interface ScanProgress {
  readonly limits: HttpLimits;
  readonly requestsSent: number;
  readonly deadlineReached: boolean;
  /** Requests sent so far on behalf of one check id. */
  requestsBy(checkId: string): number;
}

/** Header names that carry credentials: the identities' own plus `authorization` and `cookie`. */
export function credentialHeadersOf(identityHeaderNames: readonly string[]): string[] {
  return [...new Set([...identityHeaderNames, "authorization", "cookie"])];
}

/** The narrow views a check gets of the engine's client. */
export function checkViewsOf(client: HttpClient): { identities: ScanIdentities; scan: ScanProgress } {
  return {
    identities: {
      has: (name) => client.hasIdentity(name),
      credentialHeaders: () => credentialHeadersOf(client.identityHeaderNames()),
      headerNames: () => client.identityHeaderNames(),
      values: () => client.sensitiveValues(),
    },
    scan: {
      get limits() {
        return client.limits;
      },
      get requestsSent() {
        return client.requestsSent;
      },
      get deadlineReached() {
        return client.deadlineReached;
      },
      requestsBy: (id) => client.requestsBy(id),
    },
  };
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): Promise<void>;
}

export function defineCheck(check: { meta: CheckMetaInput; run(ctx: CheckContext): Promise<void> }): Check {
  return { meta: CheckMeta.parse(check.meta), run: check.run };
}
