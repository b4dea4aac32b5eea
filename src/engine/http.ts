import { setMaxListeners } from "node:events";
import type { LookupFunction } from "node:net";
import { type Dispatcher, request as undiciRequest } from "undici";
import { readCappedBody } from "./body.js";
import { describeNetworkError } from "./network-error.js";
import { createDispatcher, type ResolvedTransport } from "./transport.js";

/** Methods any check may send. POST only for checks whose metadata declares it benign; nothing else ever. */
const ALWAYS_ALLOWED = new Set(["GET", "HEAD", "OPTIONS"]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_RATE_LIMIT_RETRIES = 2;
/** Connection failures (refused, unknown host, TLS) before any answer that mean the target is not there. */
const UNREACHABLE_AFTER_FAILURES = 3;
/** How much of a body is kept for the passive phase; the full capped body is given to the caller. */
const RECORDED_BODY_BYTES = 128 * 1024;
const RECORDED_TOTAL_BYTES = 24 * 1024 * 1024;
/** After this many answers cut at a cap of at least HOSTILE_SIGN_BYTES, the default cap drops to HOSTILE_BODY_BYTES. */
const HOSTILE_CAP_HITS = 4;
const HOSTILE_SIGN_BYTES = 256 * 1024;
const HOSTILE_BODY_BYTES = 64 * 1024;
/** Bodies larger than this are not kept for reuse by other checks. */
const CACHED_BODY_BYTES = 256 * 1024;

export type HttpErrorCode =
  | "scope"
  | "method"
  | "budget"
  | "check-budget"
  | "deadline"
  | "timeout"
  | "network"
  | "side-effect";

export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export interface HttpLimits {
  /** Requests the whole scan may send. */
  budget: number;
  /** Epoch ms after which nothing more is sent and in-flight requests are aborted. */
  deadlineAt: number;
  timeoutMs: number;
  concurrency: number;
  /** Requests per second across the scan; 0 = no cap. */
  rps: number;
  maxBodyBytes: number;
  /** Longest wait honoured for a Retry-After. */
  maxRetryWaitMs: number;
  /** Resolves host names at connect time (the service pins the address its target policy approved). */
  lookup?: LookupFunction;
}

export const DEFAULT_LIMITS: Omit<HttpLimits, "deadlineAt"> = {
  budget: 600,
  timeoutMs: 5000,
  concurrency: 8,
  rps: 0,
  maxBodyBytes: 1024 * 1024,
  maxRetryWaitMs: 5000,
};

/** Credentials for one identity: applied only to requests inside the target origin. */
export interface Identity {
  headers: Record<string, string>;
  query: Record<string, string>;
}
export type IdentityName = "primary" | "secondary" | "anonymous";

export interface RequestSpec {
  method?: string;
  /** Absolute URL or a path resolved against the target origin. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Follow same-origin redirects (at most 5). Off-origin ones are never followed. */
  followRedirects?: boolean;
  /** Wait and retry on 429/503 with Retry-After (default true). */
  retryOnRateLimit?: boolean;
  /**
   * Send even when an identical GET/HEAD was already answered in this scan (bursts, repeat
   * measurements). Without it, identical safe requests are sent once and shared between checks.
   */
  fresh?: boolean;
  /** Which credentials to attach (default primary; `anonymous` sends none). */
  identity?: IdentityName;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Marks the request in the exchange log as part of the opt-in active tier (`--active`). */
  tier?: "active";
}

export interface Exchange {
  seq: number;
  checkId: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  status: number;
  /** Lower-cased names; repeated headers joined with ", " (except set-cookie, see setCookies). */
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  truncated: boolean;
  ms: number;
  wireBytes: number;
  /** URLs followed by redirects, in order. */
  redirects: string[];
  /** A redirect target outside the origin that was refused. */
  offOriginRedirect?: string;
  /** Identity the request was sent with. */
  identity: IdentityName;
  /** Set on requests of the opt-in active tier. */
  tier?: "active";
}

/** Decoded bodies, kept while the body is alive: many checks read the same exchange as text. */
const decodedBodies = new WeakMap<Buffer, string>();

export function textOf(x: Pick<Exchange, "body">): string {
  let text = decodedBodies.get(x.body);
  if (text === undefined) {
    text = x.body.toString("utf8");
    decodedBodies.set(x.body, text);
  }
  return text;
}

export function jsonOf(x: Pick<Exchange, "body">): unknown {
  try {
    return JSON.parse(textOf(x));
  } catch {
    return undefined;
  }
}

export function contentType(x: Pick<Exchange, "headers">): string {
  return (x.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}

export interface RecordedExchange extends Exchange {
  /** True when the kept body is shorter than what was read. */
  bodyClipped: boolean;
}

/** Per-check view of the client: enforces the check's own request cap and method declaration. */
export interface CheckHttp {
  request(spec: RequestSpec): Promise<Exchange>;
  get(url: string, spec?: Omit<RequestSpec, "url" | "method">): Promise<Exchange>;
  /** Requests this check has sent so far. */
  readonly sent: number;
  readonly remaining: number;
  readonly origin: string;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The only way Rampart talks to a target. Every safety rail lives here: scope lock, method
 * allowlist, budgets, deadline, timeouts, concurrency, pacing, Retry-After and body caps.
 */
export class HttpClient {
  readonly origin: string;
  readonly exchanges: RecordedExchange[] = [];
  private sentTotal = 0;
  private bytesTotal = 0;
  private recordedBytes = 0;
  private capHits = 0;
  private readonly perCheck = new Map<string, number>();
  private readonly responseCache = new Map<string, Promise<Exchange>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextSlotAt = 0;
  private pausedUntil = 0;
  private seq = 0;
  private readonly agent: Dispatcher;
  /** Called with every exchange as it is recorded (`--verbose` request lines). */
  onExchange?: (x: Exchange) => void;
  private readonly deadline = new AbortController();
  private readonly deadlineTimer: NodeJS.Timeout;
  private stoppedBy: string | undefined;
  /** Connection failures while the target has not answered once: a few of them end the scan. */
  private failuresBeforeAnswer = 0;
  private answered = false;
  /** Route key of a path that may change state (src/engine/side-effects.ts), or undefined. */
  private sideEffectRoute: (pathname: string) => string | undefined = () => undefined;
  private readonly sideEffectRoutesSent = new Set<string>();

  constructor(
    origin: string,
    readonly limits: HttpLimits,
    private readonly identities: Partial<Record<IdentityName, Identity>> = {},
    private readonly baseHeaders: Record<string, string> = {},
    transport?: ResolvedTransport,
  ) {
    this.origin = new URL(origin).origin;
    this.agent = createDispatcher(transport, limits);
    this.deadlineTimer = setTimeout(
      () => this.deadline.abort(new HttpError("deadline", "scan deadline reached")),
      Math.max(0, limits.deadlineAt - Date.now()),
    );
    this.deadlineTimer.unref();
    // Every in-flight request and every running check listens for the deadline: many listeners is the design.
    setMaxListeners(0, this.deadline.signal);
  }

  get requestsSent(): number {
    return this.sentTotal;
  }
  get bytesReceived(): number {
    return this.bytesTotal;
  }
  get deadlineSignal(): AbortSignal {
    return this.deadline.signal;
  }
  get deadlineReached(): boolean {
    return this.deadline.signal.aborted;
  }
  /** Why the scan was stopped before its deadline (an interrupt or a cancel), if it was. */
  get stopReason(): string | undefined {
    return this.stoppedBy;
  }
  /**
   * Ends the scan early, as the deadline would: no new request starts, and requests in flight get
   * `graceMs` to finish before they are aborted, so checks end with what they have and the runner
   * writes a partial report.
   */
  stop(reason: string, graceMs = 0): void {
    if (this.deadline.signal.aborted || this.stoppedBy) return;
    this.stoppedBy = reason;
    if (graceMs <= 0) this.deadline.abort(new HttpError("deadline", reason));
    else setTimeout(() => this.deadline.abort(new HttpError("deadline", reason)), graceMs).unref();
  }
  /** A target that never answered and refused a few connections in a row is not there: stop asking. */
  private noteUnreachable(cause: string): void {
    if (this.answered) return;
    this.failuresBeforeAnswer++;
    if (this.failuresBeforeAnswer >= UNREACHABLE_AFTER_FAILURES) this.stop(`target unreachable: ${cause}`);
  }
  requestsBy(checkId: string): number {
    return this.perCheck.get(checkId) ?? 0;
  }

  /** Every credential value, for redaction of anything the scan writes. */
  sensitiveValues(): string[] {
    const values: string[] = [];
    for (const id of Object.values(this.identities)) {
      if (!id) continue;
      values.push(...Object.values(id.headers), ...Object.values(id.query));
      for (const v of Object.values(id.headers)) values.push(...credentialParts(v));
    }
    return values;
  }

  identityHeaderNames(): string[] {
    const names = new Set<string>();
    for (const id of Object.values(this.identities))
      for (const n of Object.keys(id?.headers ?? {})) names.add(n.toLowerCase());
    return [...names];
  }

  /** Routes that may change state are then sent at most once per scan (any method but POST, any identity) and never retried. */
  guardSideEffects(routeOf: (pathname: string) => string | undefined): void {
    this.sideEffectRoute = routeOf;
  }

  /** Claims the one request a state-changing route gets; throws when it was already sent. */
  private claimSideEffectRoute(method: string, target: URL): boolean {
    if (method === "POST") return false;
    const route = this.sideEffectRoute(target.pathname);
    if (route === undefined) return false;
    if (this.sideEffectRoutesSent.has(route))
      throw new HttpError("side-effect", `${target.pathname} may change state and was requested once already`);
    this.sideEffectRoutesSent.add(route);
    return true;
  }

  hasIdentity(name: IdentityName): boolean {
    return name === "anonymous" || this.identities[name] !== undefined;
  }

  forCheck(checkId: string, maxRequests: number, allowedMethods: readonly string[] = []): CheckHttp {
    const extra = new Set(allowedMethods.map((m) => m.toUpperCase()).filter((m) => m === "POST"));
    const sentBy = () => this.requestsBy(checkId);
    return {
      get sent() {
        return sentBy();
      },
      get remaining() {
        return Math.max(0, maxRequests - sentBy());
      },
      origin: this.origin,
      request: (spec) => this.send(checkId, maxRequests, extra, spec),
      get: (url, spec) => this.send(checkId, maxRequests, extra, { ...spec, url, method: "GET" }),
    };
  }

  close(): Promise<void> {
    clearTimeout(this.deadlineTimer);
    return this.agent.close();
  }

  resolve(url: string): URL {
    // A path that starts with `//` is still a path on the origin, not a protocol-relative link to another host.
    return url.startsWith("/") ? new URL(this.origin + url) : new URL(url, this.origin);
  }

  inScope(url: URL): boolean {
    return url.origin === this.origin;
  }

  private async send(
    checkId: string,
    maxRequests: number,
    extraMethods: Set<string>,
    spec: RequestSpec,
  ): Promise<Exchange> {
    const method = (spec.method ?? "GET").toUpperCase();
    if (!ALWAYS_ALLOWED.has(method) && !extraMethods.has(method)) {
      throw new HttpError("method", `${method} is not allowed for check ${checkId}`);
    }
    let url = this.resolve(spec.url);
    const redirects: string[] = [];
    let currentMethod = method;
    let body = spec.body;
    for (;;) {
      const x = await this.sendOnce(checkId, maxRequests, { ...spec, method: currentMethod, body, url: url.href });
      x.redirects = redirects.slice();
      const location = x.headers.location;
      if (!spec.followRedirects || !REDIRECT_STATUSES.has(x.status) || !location) return x;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return x;
      }
      if (!this.inScope(next)) {
        x.offOriginRedirect = next.href;
        return x;
      }
      if (redirects.length >= MAX_REDIRECTS) return x;
      redirects.push(next.href);
      if (x.status === 303 || ((x.status === 301 || x.status === 302) && currentMethod === "POST")) {
        currentMethod = "GET";
        body = undefined;
      }
      url = next;
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.limits.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private async pace(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    let wait = Math.max(0, this.pausedUntil - now);
    if (this.limits.rps > 0) {
      const slot = Math.max(now + wait, this.nextSlotAt);
      this.nextSlotAt = slot + 1000 / this.limits.rps;
      wait = slot - now;
    }
    if (wait > 0) await sleep(wait, signal);
  }

  private reserve(checkId: string, maxRequests: number): void {
    if (this.deadline.signal.aborted) throw new HttpError("deadline", "scan deadline reached");
    if (this.stoppedBy) throw new HttpError("deadline", this.stoppedBy);
    if (this.sentTotal >= this.limits.budget)
      throw new HttpError("budget", `scan budget of ${this.limits.budget} requests used up`);
    this.chargeCheck(checkId, maxRequests);
    this.sentTotal++;
  }

  private buildRequest(spec: RequestSpec & { method: string }, url: URL) {
    const identityName = spec.identity ?? "primary";
    const identity = identityName === "anonymous" ? undefined : this.identities[identityName];
    const headers: Record<string, string> = {
      "user-agent": "rampart/0.1 (+security scan)",
      accept: "*/*",
      "accept-encoding": "gzip, deflate, br",
      ...lowerKeys(this.baseHeaders),
      ...lowerKeys(identity?.headers ?? {}),
      ...lowerKeys(spec.headers ?? {}),
    };
    if (identityName === "anonymous") {
      for (const name of this.identityHeaderNames())
        if (!(spec.headers && name in lowerKeys(spec.headers))) delete headers[name];
    }
    const target = new URL(url.href);
    for (const [k, v] of Object.entries(identity?.query ?? {}))
      if (!target.searchParams.has(k)) target.searchParams.set(k, v);
    return { identityName, headers, target };
  }

  private async sendOnce(
    checkId: string,
    maxRequests: number,
    spec: RequestSpec & { method: string },
  ): Promise<Exchange> {
    const url = this.resolve(spec.url);
    if (!this.inScope(url)) throw new HttpError("scope", `refused request outside ${this.origin}: ${url.origin}`);
    const request = this.buildRequest(spec, url);
    const cacheable = (spec.method === "GET" || spec.method === "HEAD") && spec.body === undefined && !spec.fresh;
    if (!cacheable) return this.sendFresh(checkId, maxRequests, spec, request);
    // Identical safe requests from different checks (discovery, exposure probes, baselines...) are sent once.
    const key = JSON.stringify([
      spec.method,
      request.target.href,
      request.identityName,
      Object.entries(request.headers).sort(),
    ]);
    const pending = this.responseCache.get(key);
    if (pending) {
      const shared = await pending;
      const wantedCap = spec.maxBodyBytes ?? this.limits.maxBodyBytes;
      // A body cut at a smaller cap than this caller allows is not good enough: ask again (charged once, there).
      if (shared.truncated && wantedCap > shared.body.length)
        return this.sendFresh(checkId, maxRequests, spec, request);
      this.chargeCheck(checkId, maxRequests);
      return { ...shared, redirects: [] };
    }
    const fresh = this.sendFresh(checkId, maxRequests, spec, request);
    this.responseCache.set(key, fresh);
    try {
      const x = await fresh;
      // Rate-limited answers are not reused, nor large bodies: the cache must not hold megabytes per URL.
      if (x.status === 429 || x.status === 503 || x.body.length > CACHED_BODY_BYTES) this.responseCache.delete(key);
      return { ...x };
    } catch (err) {
      this.responseCache.delete(key);
      throw err;
    }
  }

  /** Counts one request against the check's own cap; a repeat answered from the cache counts too (not against the scan budget). */
  private chargeCheck(checkId: string, maxRequests: number): void {
    const used = this.perCheck.get(checkId) ?? 0;
    if (used >= maxRequests) throw new HttpError("check-budget", `check ${checkId} used its ${maxRequests} requests`);
    this.perCheck.set(checkId, used + 1);
  }

  private async sendFresh(
    checkId: string,
    maxRequests: number,
    spec: RequestSpec & { method: string },
    { identityName, headers, target }: ReturnType<HttpClient["buildRequest"]>,
  ): Promise<Exchange> {
    const once = this.claimSideEffectRoute(spec.method, target);
    for (let attempt = 0; ; attempt++) {
      this.reserve(checkId, maxRequests);
      await this.acquire();
      let x: Exchange;
      try {
        // Stopped while waiting for a slot: this request never starts.
        if (this.stoppedBy) throw new HttpError("deadline", this.stoppedBy);
        await this.pace(this.deadline.signal).catch(() => {
          throw new HttpError("deadline", "scan deadline reached");
        });
        x = await this.transmit(checkId, spec, target, headers, identityName);
      } finally {
        this.release();
      }
      this.record(x);
      if (once || spec.retryOnRateLimit === false || (x.status !== 429 && x.status !== 503)) return x;
      if (attempt >= MAX_RATE_LIMIT_RETRIES) return x;
      const retryAfter = parseRetryAfter(x.headers["retry-after"], Date.now());
      if (retryAfter === undefined && x.status === 503) return x;
      const wait = Math.min(retryAfter ?? 1000 * 2 ** attempt, this.limits.maxRetryWaitMs);
      if (Date.now() + wait >= this.limits.deadlineAt - 250) return x;
      if (this.sentTotal >= this.limits.budget || this.requestsBy(checkId) >= maxRequests) return x;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
      await sleep(wait, this.deadline.signal).catch(() => undefined);
      if (this.deadline.signal.aborted) return x;
    }
  }

  private async transmit(
    checkId: string,
    spec: RequestSpec & { method: string },
    target: URL,
    headers: Record<string, string>,
    identity: IdentityName,
  ): Promise<Exchange> {
    const timeout = AbortSignal.timeout(spec.timeoutMs ?? this.limits.timeoutMs);
    const signal = AbortSignal.any([this.deadline.signal, timeout]);
    const started = performance.now();
    const cap = spec.maxBodyBytes ?? this.defaultBodyCap();
    const seq = ++this.seq;
    try {
      const res = await undiciRequest(target, {
        method: spec.method as "GET",
        headers,
        body: spec.body,
        dispatcher: this.agent,
        signal,
      } as Parameters<typeof undiciRequest>[1]);
      this.answered = true;
      const responseHeaders: Record<string, string> = {};
      const setCookies: string[] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        if (name === "set-cookie") setCookies.push(...(Array.isArray(value) ? value : [value]));
        responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const read =
        spec.method === "HEAD"
          ? { body: Buffer.alloc(0), wireBytes: 0, truncated: false }
          : await readCappedBody(res.body, responseHeaders["content-encoding"], cap, signal);
      if (read.truncated) res.body.destroy();
      return {
        seq,
        checkId,
        request: {
          method: spec.method,
          url: target.href,
          headers,
          body: spec.body === undefined ? undefined : spec.body.toString(),
        },
        status: res.statusCode,
        headers: responseHeaders,
        setCookies,
        body: read.body,
        truncated: read.truncated,
        ms: Math.round(performance.now() - started),
        wireBytes: read.wireBytes,
        redirects: [],
        identity,
        ...(spec.tier ? { tier: spec.tier } : {}),
      };
    } catch (err) {
      if (this.deadline.signal.aborted) throw new HttpError("deadline", "scan deadline reached");
      if (timeout.aborted)
        throw new HttpError(
          "timeout",
          `no answer from ${target.origin} within ${spec.timeoutMs ?? this.limits.timeoutMs} ms`,
        );
      const cause = describeNetworkError(err, target);
      this.noteUnreachable(cause);
      throw new HttpError("network", cause);
    }
  }

  /**
   * The configured cap, until the target has filled it several times: a host that answers every
   * path with an endless stream or a bomb then gets a small cap for the rest of the scan, so
   * memory stays bounded. A check that asks for a size explicitly still gets it.
   */
  private defaultBodyCap(): number {
    return this.capHits >= HOSTILE_CAP_HITS
      ? Math.min(this.limits.maxBodyBytes, HOSTILE_BODY_BYTES)
      : this.limits.maxBodyBytes;
  }

  private record(x: Exchange): void {
    this.bytesTotal += x.wireBytes;
    if (x.truncated && x.body.length >= Math.min(this.limits.maxBodyBytes, HOSTILE_SIGN_BYTES)) this.capHits++;
    const keep = this.recordedBytes < RECORDED_TOTAL_BYTES ? Math.min(x.body.length, RECORDED_BODY_BYTES) : 0;
    this.recordedBytes += keep;
    this.exchanges.push({ ...x, body: Buffer.from(x.body.subarray(0, keep)), bodyClipped: keep < x.body.length });
    this.onExchange?.(x);
  }
}

/**
 * The secret parts inside a credential header value, which can surface on their own (a token
 * echoed in a body, a cookie value): `Bearer x` -> x; `Basic b64` -> b64, `user:pass` and pass;
 * `a=1; b=2` -> 1 and 2.
 */
export function credentialParts(value: string): string[] {
  const parts: string[] = [];
  const scheme = /^(\S+)\s+(\S+)$/.exec(value.trim());
  if (scheme) {
    parts.push(scheme[2]);
    if (scheme[1].toLowerCase() === "basic") {
      const decoded = Buffer.from(scheme[2], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0) parts.push(decoded, decoded.slice(colon + 1));
    }
  }
  for (const pair of value.split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && eq < pair.trim().length) parts.push(pair.slice(eq + 1).trim());
  }
  return parts.filter((p) => p.length > 0);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
