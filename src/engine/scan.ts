import { createHash } from "node:crypto";
import { redactDeep, redactValues } from "../detect/redact.js";
import { calibrateSoft404, type Soft404 } from "./calibrate.js";
import {
  type Check,
  type CheckContext,
  checkViewsOf,
  credentialHeadersOf,
  type FindingInput,
  type ScanOptions,
} from "./check.js";
import { completenessOf } from "./completeness.js";
import { toCurl } from "./curl.js";
import {
  type Category,
  type CoverageEntry,
  type Finding,
  type ScanReport,
  severityRank,
  type Verdict,
} from "./finding.js";
import { groupByCause } from "./group.js";
import {
  DEFAULT_LIMITS,
  type Exchange,
  HttpClient,
  HttpError,
  type HttpLimits,
  type Identity,
  type IdentityName,
  type RecordedExchange,
} from "./http.js";
import { createRng } from "./rng.js";
import { scoreReport } from "./score.js";
import { Artefacts, type LayerValues } from "./seams.js";
import { sideEffectRoutes } from "./side-effects.js";
import { type Operation, operationUrl, parseTargetUrl, type Target, targetFromUrl } from "./target.js";
import { trustedCaOption } from "./tls-trust.js";
import { resolveTransport, type TransportOptions } from "./transport.js";
import { VERSION } from "./version.js";

/** Header names whose values are credentials: they go to the primary identity and are redacted. */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie)$|token|auth|api[-_]?key|secret|session|password/i;
/** Baseline requests per scan at most (one per GET operation). */
const MAX_BASELINE = 100;

export interface ScanEnv {
  target: Target;
  client: HttpClient;
  options: ScanOptions;
  artefacts: Artefacts;
}

/** A layer (OpenAPI, LLM recognition, ...) that extends the target before checks run. */
export interface TargetEnricher {
  name: string;
  maxRequests: number;
  methods?: "POST"[];
  enrich(env: ScanEnv & { http: ReturnType<HttpClient["forCheck"]> }): Promise<void>;
  /** Called once the engine has requested every GET/HEAD operation (e.g. to report coverage). */
  afterBaselines?(env: ScanEnv, baselines: ReadonlyMap<Operation, Exchange>): void;
}

export interface ScanConfig {
  url: string;
  checks: readonly Check[];
  headers?: Record<string, string>;
  identities?: Partial<Record<IdentityName, Identity>>;
  seed?: number;
  limits?: Partial<Omit<HttpLimits, "deadlineAt">> & { deadlineMs?: number };
  enabled?: Iterable<string>;
  /** Per-layer options: merged `LayerOption.entry` values. */
  layers?: LayerValues;
  enrichers?: readonly TargetEnricher[];
  onProgress?(p: { checksDone: number; checksTotal: number; requests: number }): void;
  /** Aborting it stops the scan early (Ctrl-C, a cancelled job): the report is partial, with the reason. */
  signal?: AbortSignal;
  /** After an abort, how long requests in flight may finish before they are cut (default 0). */
  stopGraceMs?: number;
  /** Proxy and TLS material; given, HTTP_PROXY/HTTPS_PROXY/NO_PROXY from `env` apply too. */
  transport?: TransportOptions & { env?: NodeJS.ProcessEnv };
  /** One line per request sent (`GET url -> 200 12 ms (check)`), credentials masked. */
  onRequest?(line: string): void;
}

function splitHeaders(headers: Record<string, string>): {
  base: Record<string, string>;
  credentials: Record<string, string>;
} {
  const base: Record<string, string> = {};
  const credentials: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) (CREDENTIAL_HEADER.test(k) ? credentials : base)[k.toLowerCase()] = v;
  return { base, credentials };
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** A finding's stable identity: rule, method, path template and the check's key (no volatile data). */
export function fingerprintOf(ruleId: string, op: { method: string; path: string }, key: string): string {
  return createHash("sha256").update(`${ruleId}\n${op.method}\n${op.path}\n${key}`).digest("hex").slice(0, 16);
}

/** Exchanges ordered by what was asked, so passive checks see the same order whichever check fetched first. */
function exchangeOrder(a: RecordedExchange, b: RecordedExchange): number {
  return (
    a.request.method.localeCompare(b.request.method) ||
    a.request.url.localeCompare(b.request.url) ||
    (a.request.body ?? "").localeCompare(b.request.body ?? "") ||
    a.identity.localeCompare(b.identity) ||
    a.checkId.localeCompare(b.checkId) ||
    a.status - b.status
  );
}

interface CheckOutcome {
  entry: CoverageEntry;
  findings: Finding[];
  secrets: string[];
}

export async function runScan(config: ScanConfig): Promise<ScanReport> {
  const startedAt = new Date();
  const url = parseTargetUrl(config.url);
  const target = targetFromUrl(url);
  const seed = config.seed ?? 1;
  const deadlineMs = config.limits?.deadlineMs ?? 30_000;
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...config.limits, deadlineAt: Date.now() + deadlineMs };
  const { base, credentials } = splitHeaders(config.headers ?? {});
  const identities = { ...config.identities };
  if (Object.keys(credentials).length > 0) {
    identities.primary = {
      headers: { ...identities.primary?.headers, ...credentials },
      query: { ...identities.primary?.query },
    };
  }
  const transport = config.transport ? resolveTransport(config.transport, config.transport.env) : undefined;
  const client = new HttpClient(url.origin, limits, identities, base, transport);
  const stopOnAbort = () => client.stop(stopReasonOf(config.signal), config.stopGraceMs);
  if (config.signal?.aborted) stopOnAbort();
  else config.signal?.addEventListener("abort", stopOnAbort, { once: true });
  const layers = {
    ...config.layers,
    ...(transport?.extraCa ? trustedCaOption.entry({ ca: [transport.extraCa] }) : {}),
  };
  const options: ScanOptions = { seed, enabled: new Set(config.enabled ?? []), layers };
  const artefacts = new Artefacts();
  const env: ScanEnv = { target, client, options, artefacts };
  const credentialHeaders = new Set(credentialHeadersOf(client.identityHeaderNames()));
  const secrets = new Set<string>([...client.sensitiveValues(), ...Object.values(credentials)]);
  if (config.onRequest) {
    const log = config.onRequest;
    client.onExchange = (x) =>
      log(redactValues(`${x.request.method} ${x.request.url} -> ${x.status} ${x.ms} ms (${x.checkId})`, secrets));
  }

  try {
    // One request to the scanned URL first: a closed port or an unknown host ends the scan here,
    // before the enrichers' parallel discovery (its answer is cached for the baseline).
    const unreachable = await preflight(client, url);
    if (unreachable) return unreachableReport(config, url, seed, startedAt, client, unreachable);
    for (const enricher of config.enrichers ?? []) {
      await enricher.enrich({ ...env, http: client.forCheck(enricher.name, enricher.maxRequests, enricher.methods) });
    }
    client.guardSideEffects(sideEffectRoutes(target.operations, url.pathname));
    const { results: baselines, lastError } = await fetchBaselines(client, target);
    if (baselines.size === 0) {
      // Stopped (an interrupt, or refused connections), out of time, or nothing answered.
      const why =
        client.stopReason ??
        (client.deadlineReached
          ? `deadline of ${Math.round(deadlineMs / 1000)} s reached before the target's operations were requested`
          : `target unreachable: ${lastError ?? `no GET operation to request at ${url.origin}`}`);
      return unreachableReport(config, url, seed, startedAt, client, why);
    }
    for (const enricher of config.enrichers ?? []) enricher.afterBaselines?.(env, baselines);

    let soft404: Promise<Soft404> | undefined;
    const soft404Http = client.forCheck("calibration", 6);
    const soft404Once = () => {
      soft404 ??= calibrateSoft404(soft404Http, createRng(seed, "calibration"), target.basePath);
      return soft404;
    };

    const total = config.checks.length;
    let done = 0;
    const runOne = async (check: Check): Promise<CheckOutcome> => {
      const outcome = await runCheck(check, { env, soft404Once, baselines, credentialHeaders });
      done++;
      config.onProgress?.({ checksDone: done, checksTotal: total, requests: client.requestsSent });
      return outcome;
    };
    const inPhase = (phase: Check["meta"]["phase"]) => config.checks.filter((c) => c.meta.phase === phase);
    const outcomes: CheckOutcome[] = [];
    for (const phase of ["probe", "burst", "passive"] as const)
      outcomes.push(...(await Promise.all(inPhase(phase).map(runOne))));

    for (const o of outcomes) for (const s of o.secrets) secrets.add(s);
    const findings = dedupeAndSort(groupByCause(outcomes.flatMap((o) => o.findings)));
    const coverage = outcomes.map((o) => o.entry).sort((a, b) => a.check.localeCompare(b.check));
    const tested = new Set<Category>();
    const categoryOf = new Map(config.checks.map((c) => [c.meta.id, c.meta.category]));
    for (const entry of coverage) {
      if (entry.verdict === "pass" || entry.verdict === "fail") tested.add(categoryOf.get(entry.check)!);
    }
    const byCheck: Record<string, number> = {};
    for (const x of client.exchanges) byCheck[x.checkId] = (byCheck[x.checkId] ?? 0) + 1;
    const cutShort = client.stopReason
      ? client.stopReason
      : client.deadlineReached
        ? `deadline of ${Math.round(deadlineMs / 1000)} s reached`
        : client.requestsSent >= limits.budget
          ? `request budget of ${limits.budget} used up`
          : undefined;
    const partial = completenessOf(coverage, cutShort, client.exchanges);
    // Passing checks against a host that only fails say nothing about it: nothing counts as tested.
    const scored = scoreReport(findings, partial?.unscannable ? new Set() : tested);
    const extensions = artefacts.extensions();
    const report: ScanReport = {
      tool: { name: "rampart", version: VERSION },
      target: url.href,
      seed,
      startedAt: startedAt.toISOString(),
      score: scored.score,
      grade: scored.grade,
      ...(scored.gradeCap ? { gradeCap: scored.gradeCap } : {}),
      categories: scored.categories,
      findings,
      coverage,
      ...(partial ? { partial } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions: sortKeys(extensions) } : {}),
      stats: {
        requests: client.requestsSent,
        durationMs: Date.now() - startedAt.getTime(),
        bytesReceived: client.bytesReceived,
        byCheck: sortKeys(byCheck),
        ...artefacts.stats(),
      },
    };
    return redactDeep(report, secrets);
  } finally {
    config.signal?.removeEventListener("abort", stopOnAbort);
    await client.close();
  }
}

/** Pause before the second try of the first request (a server still starting up). */
const PREFLIGHT_RETRY_MS = 250;

/** Why the target cannot be scanned at all (two failed connections to the scanned URL), or undefined. */
async function preflight(client: HttpClient, url: URL): Promise<string | undefined> {
  const http = client.forCheck("baseline", MAX_BASELINE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await http.request({ method: "GET", url: url.href, followRedirects: true });
      return undefined;
    } catch (err) {
      // Only a failed connection says the target is not there; a timeout or a stop is judged later.
      if (!(err instanceof HttpError) || err.code !== "network") return undefined;
      if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, PREFLIGHT_RETRY_MS));
      else return `target unreachable: ${err.message}`;
    }
  }
  return undefined;
}

function stopReasonOf(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (typeof reason === "string" && reason) return reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
  return "scan interrupted";
}

/** No baseline came back (unreachable, stopped, out of time): every check is an error with the reason, 0 and F. */
function unreachableReport(
  config: ScanConfig,
  url: URL,
  seed: number,
  startedAt: Date,
  client: HttpClient,
  reason: string,
): ScanReport {
  const scored = scoreReport([], new Set());
  return {
    tool: { name: "rampart", version: VERSION },
    target: url.href,
    seed,
    startedAt: startedAt.toISOString(),
    score: 0,
    grade: "F",
    gradeCap: { grade: "F", reason: "nothing could be tested" },
    categories: scored.categories,
    findings: [],
    coverage: config.checks
      .map((c) => ({ check: c.meta.id, verdict: "error" as const, reason, requests: 0 }))
      .sort((a, b) => a.check.localeCompare(b.check)),
    partial: {
      reason,
      untested: config.checks.length,
      checks: config.checks.length,
      ...(reason.startsWith("target unreachable") ? { unscannable: true } : {}),
    },
    stats: {
      requests: client.requestsSent,
      durationMs: Date.now() - startedAt.getTime(),
      bytesReceived: client.bytesReceived,
      byCheck: {},
    },
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

async function fetchBaselines(
  client: HttpClient,
  target: Target,
): Promise<{ results: Map<Operation, Exchange>; lastError?: string }> {
  const http = client.forCheck("baseline", MAX_BASELINE);
  const ops = target.operations.filter((o) => o.method === "GET" || o.method === "HEAD").slice(0, MAX_BASELINE);
  const results = new Map<Operation, Exchange>();
  let lastError: string | undefined;
  await Promise.all(
    ops.map(async (op) => {
      try {
        results.set(
          op,
          await http.request({
            method: op.method,
            url: operationUrl(op),
            headers: op.sampleHeaders,
            followRedirects: true,
          }),
        );
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
    }),
  );
  return { results, lastError };
}

/** One finding per fingerprint: the first reported, unless a later one is more severe. Then a total order. */
function dedupeAndSort(findings: Finding[]): Finding[] {
  const byFingerprint = new Map<string, Finding>();
  for (const f of findings) {
    const kept = byFingerprint.get(f.fingerprint);
    if (!kept || severityRank(f.severity) < severityRank(kept.severity)) byFingerprint.set(f.fingerprint, f);
  }
  return [...byFingerprint.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.operation.path.localeCompare(b.operation.path) ||
      a.operation.method.localeCompare(b.operation.method) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

interface RunDeps {
  env: ScanEnv;
  soft404Once(): Promise<Soft404>;
  baselines: Map<Operation, Exchange>;
  credentialHeaders: Set<string>;
}

async function runCheck(check: Check, deps: RunDeps): Promise<CheckOutcome> {
  const { env } = deps;
  const { meta } = check;
  const findings: Finding[] = [];
  const secrets: string[] = [];
  const entry = (verdict: Verdict, reason?: string): CheckOutcome => ({
    entry: { check: meta.id, verdict, ...(reason ? { reason } : {}), requests: env.client.requestsBy(meta.id) },
    findings,
    secrets,
  });
  if (meta.optIn && !env.options.enabled.has(meta.optIn))
    return entry("skipped", `opt-in: enable with --${meta.optIn}`);
  if (env.client.deadlineReached) return entry("inconclusive", "deadline reached before the check started");

  let ended: { verdict: Verdict; reason: string } | undefined;
  const subRuleByFingerprint = new Map<string, string | undefined>();
  const http = env.client.forCheck(meta.id, meta.phase === "passive" ? 0 : meta.maxRequests, meta.methods);
  const ctx: CheckContext = {
    meta,
    target: env.target,
    http,
    rng: createRng(env.options.seed, meta.id),
    options: env.options,
    option: (key) => key.read(env.options.layers),
    artefacts: env.artefacts,
    signal: env.client.deadlineSignal,
    ...checkViewsOf(env.client),
    soft404: deps.soft404Once,
    baseline: (op) => deps.baselines.get(op),
    exchanges: () => env.client.exchanges.slice().sort(exchangeOrder),
    report: (input) => {
      const finding = toFinding(meta, input, deps.credentialHeaders, env.target.origin);
      checkSubRule(meta, finding, subRuleByFingerprint);
      for (const s of input.secrets ?? []) secrets.push(s);
      findings.push(finding);
    },
    inconclusive: (reason) => {
      ended ??= { verdict: "inconclusive", reason };
    },
    skip: (reason) => {
      ended ??= { verdict: "skipped", reason };
    },
    pass: (reason) => {
      ended ??= { verdict: "pass", reason };
    },
    redact: (value) => {
      secrets.push(value);
    },
  };
  try {
    await Promise.race([check.run(ctx), stuckAfterDeadline(env.client.deadlineSignal)]);
  } catch (err) {
    const reason =
      err instanceof HttpError
        ? err.code === "check-budget"
          ? `stopped at its limit of ${meta.maxRequests} requests`
          : err.message
        : `check failed: ${err instanceof Error ? err.message : String(err)}`;
    if (findings.length > 0) return entry("fail", `partial: ${reason}`);
    const verdict: Verdict =
      err instanceof HttpError && err.code !== "scope" && err.code !== "method" ? "inconclusive" : "error";
    return entry(verdict, reason);
  }
  if (findings.length > 0) return entry("fail");
  if (ended) return entry(ended.verdict, ended.reason);
  return entry("pass");
}

/** Rejects two seconds after the deadline, so a check stuck outside the HTTP client cannot hold the scan. */
function stuckAfterDeadline(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener(
      "abort",
      () => setTimeout(() => reject(new HttpError("deadline", "check did not stop at the deadline")), 2000).unref(),
      { once: true },
    );
  });
}

/**
 * A sub-rule is one the check declares, and two sub-rules never share a fingerprint (they would
 * collapse into one finding and could not be suppressed or baselined apart): either is a bug in
 * the check, which then ends with an error naming it.
 */
function checkSubRule(meta: Check["meta"], f: Finding, seen: Map<string, string | undefined>): void {
  if (f.subRule !== undefined && !meta.subRules?.some((s) => s.id === f.subRule))
    throw new Error(`sub-rule ${JSON.stringify(f.subRule)} is not among the sub-rules ${meta.id} declares`);
  if (seen.has(f.fingerprint) && seen.get(f.fingerprint) !== f.subRule)
    throw new Error(
      `sub-rules ${seen.get(f.fingerprint) ?? "(none)"} and ${f.subRule ?? "(none)"} share fingerprint ${f.fingerprint}: give them different keys`,
    );
  seen.set(f.fingerprint, f.subRule);
}

function toFinding(meta: Check["meta"], input: FindingInput, credentialHeaders: Set<string>, origin: string): Finding {
  const x = input.exchange;
  const operation =
    input.operation ??
    (x ? { method: x.request.method, path: new URL(x.request.url).pathname } : { method: "GET", path: "/" });
  const evidence = {
    request: x ? `${x.request.method} ${pathOf(x.request.url)}` : `${operation.method} ${operation.path}`,
    ...(x ? { status: x.status } : {}),
    ...input.evidence,
  };
  const reproduce = x
    ? toCurl(x.request, credentialHeaders)
    : toCurl({ method: operation.method, url: origin + operation.path, headers: {} }, credentialHeaders);
  return {
    ruleId: meta.id,
    ...(input.subRule !== undefined ? { subRule: input.subRule } : {}),
    title: input.title ?? meta.title,
    severity: input.severity ?? meta.severity,
    confidence: input.confidence ?? meta.confidence,
    category: meta.category,
    owasp: meta.owasp,
    cwe: meta.cwe,
    operation,
    message: input.message,
    evidence,
    reproduce,
    remediation: input.remediation ?? meta.remediation,
    // A cause seen on many operations is one finding: its fingerprint names the cause, not the operation.
    // The sub-rule is not hashed in: the checks that have sub-rules already tell their findings apart
    // by `key` (an exposure finding's key is its path, which belongs to one group; an LLM finding's key
    // is its probe, which is its family), so hashing the sub-rule too would only change the fingerprint
    // of every existing exposure and LLM finding and orphan the baselines and suppressions that name
    // them. Distinct fingerprints per sub-rule are enforced instead (checkSubRule), and a sub-rule
    // finding without a key is keyed by its sub-rule.
    fingerprint:
      input.cause !== undefined
        ? fingerprintOf(meta.id, { method: "*", path: "*" }, `cause:${input.cause}`)
        : fingerprintOf(meta.id, operation, input.key ?? input.subRule ?? ""),
    ...(input.cause !== undefined
      ? { instances: [{ method: operation.method, path: operation.path, evidence: instanceEvidence(evidence) }] }
      : {}),
  };
}

/** One line of what a cause looked like on one operation. */
function instanceEvidence(evidence: { request: string; status?: number; detail?: string }): string {
  const line = evidence.detail ?? `${evidence.request}${evidence.status !== undefined ? ` → ${evidence.status}` : ""}`;
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
