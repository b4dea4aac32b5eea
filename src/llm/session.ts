/**
 * How a check talks to the recognised LLM endpoint: builds the request for the shape, sends it
 * through ctx.http (scope lock, budget, deadline), enforces the suite's hard caps on requests and
 * estimated tokens, counts `stats.llmRequests`, and in dry-run mode prints instead of sending.
 */
import type { CheckContext } from "../engine/check.js";
import { DEFAULT_LIMITS, type Exchange, type HttpClient, HttpError, type RequestSpec, textOf } from "../engine/http.js";
import type { Artefacts } from "../engine/seams.js";
import { type LlmOptions, llmOptions } from "./options.js";
import { buildRequest, DEFAULT_MAX_TOKENS, parseReply } from "./shapes/index.js";
import { type LlmState, llmState, type ProbeRecord } from "./state.js";
import type { LlmCall, LlmReply, LlmShape, ProbeVerdict } from "./types.js";

export type CallOutcome = "ok" | "rate-limited" | "blocked" | "auth" | "unreadable" | "error" | "not-sent";

export interface CallResult {
  outcome: CallOutcome;
  status?: number;
  exchange?: Exchange;
  reply?: LlmReply;
  /** Everything we sent (body), to subtract from the reply and to prove a canary was not in it. */
  sent: string;
  error?: string;
}

const RATE_LIMIT_STATUS = new Set([429]);
/** Room for a reply's JSON envelope, usage and metadata beyond its text. */
const REPLY_ENVELOPE_BYTES = 16 * 1024;
const BLOCK_STATUS = new Set([400, 413, 422, 451]);

/** Rough token estimate: four characters a token. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export class LlmSession {
  readonly options: LlmOptions;
  private stopped?: string;

  constructor(
    readonly ctx: CheckContext,
    readonly state: LlmState,
    readonly shape: LlmShape,
  ) {
    this.options = llmOptions(ctx.options);
  }

  /** The session for a check, or a reason to skip it (no LLM recognised). */
  static open(ctx: CheckContext, opts: { needsModel?: boolean } = {}): LlmSession | string {
    const state = llmState(ctx.artefacts);
    if (!state) return "the LLM layer did not run (disabled with --no-llm or not configured)";
    if (!state.shape) return `no LLM endpoint recognised${state.reason ? `: ${state.reason}` : ""}`;
    // An endpoint that only reflects its input is not an LLM; probes run only when the user forced the shape.
    if (!state.shape.answers && llmOptions(ctx.options).request === undefined)
      return "the endpoint only reflects its input: not treated as an LLM (pass --llm-request to probe it anyway)";
    // Consumption checks judge what a model spends: canned replies with no model evidence prove none.
    if (opts.needsModel && state.shape.canned)
      return "the endpoint gives one canned text to every benign message and shows no model: nothing proves a model spends on it";
    if (opts.needsModel && !state.shape.answers) return "the endpoint only reflects its input: no model spends on it";
    return new LlmSession(ctx, state, state.shape);
  }

  get baselineText(): string {
    return this.state.baseline?.reply.text ?? "";
  }

  /** Why the session refuses further calls (cap reached, deadline...), if it does. */
  get stopReason(): string | undefined {
    return this.stopped;
  }

  async call(
    call: LlmCall,
    opts: { retryOnRateLimit?: boolean; spec?: Partial<RequestSpec> } = {},
  ): Promise<CallResult> {
    const built = buildRequest(this.shape, call);
    const spec = {
      ...built,
      ...opts.spec,
      headers: { ...built.headers, ...opts.spec?.headers },
    };
    const sent = String(spec.body);
    if (this.stopped) return { outcome: "error", sent, error: this.stopped };
    const maxOut = Number(call.params?.max_tokens ?? DEFAULT_MAX_TOKENS) * Number(call.params?.n ?? 1);
    const tokens = estimateTokens(sent.length) + (Number.isFinite(maxOut) ? maxOut : DEFAULT_MAX_TOKENS);
    if (this.options.dryRun) {
      const line = `${this.ctx.meta.id}: POST ${this.shape.path} ${sent.length > 2000 ? `${sent.slice(0, 2000)}… (${sent.length} bytes)` : sent}`;
      this.state.dryRun.push(line);
      this.options.print?.(line);
      return { outcome: "not-sent", sent };
    }
    // Calls in flight count against the cap too: concurrent probes must not all slip past it.
    if (this.state.requests + this.state.inFlight >= this.options.maxRequests) {
      this.stopped = `LLM request cap of ${this.options.maxRequests} for the ${this.options.tier} tier reached`;
      return { outcome: "error", sent, error: this.stopped };
    }
    if (this.state.estimatedTokens + tokens > this.options.maxTokens) {
      this.stopped = `LLM token cap of ${this.options.maxTokens} estimated tokens reached`;
      return { outcome: "error", sent, error: this.stopped };
    }
    const askedOut = Number.isFinite(maxOut) ? maxOut : DEFAULT_MAX_TOKENS;
    // Calls in flight hold their share of the budget, so concurrent probes cannot all slip past it.
    const reserve = Math.min(askedOut, DEFAULT_MAX_TOKENS);
    if (this.state.completionTokens + this.state.reservedTokens + reserve > this.options.maxCompletionTokens) {
      this.stopped = `completion token budget of ${this.options.maxCompletionTokens} (--llm-max-tokens) reached`;
      return { outcome: "error", sent, error: this.stopped };
    }
    this.state.estimatedTokens += tokens;
    const maxBodyBytes = this.replyByteCap();
    this.state.reservedTokens += reserve;
    this.state.inFlight++;
    let x: Exchange;
    try {
      x = await this.ctx.http.request({
        maxBodyBytes,
        ...spec,
        retryOnRateLimit: opts.retryOnRateLimit ?? true,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof HttpError && err.code !== "timeout" && err.code !== "network") this.stopped = message;
      return { outcome: "error", sent, error: message };
    } finally {
      this.state.reservedTokens -= reserve;
      this.state.inFlight--;
      countLlmRequests(this.ctx.artefacts, this.state, this.ctx.meta.id, this.ctx.scan);
    }
    const result = { ...classifyExchange(this.shape, x), sent };
    // An answer cut at the byte cap cannot be parsed, but the target still generated it: charge what was read.
    const charged =
      result.reply ??
      (x.status < 300 ? { text: textOf(x), toolCalls: [], choices: 1, logprobs: false, streamed: false } : undefined);
    if (charged) chargeTokens(this.ctx.artefacts, this.state, sent, charged);
    return result;
  }

  /**
   * Bytes of a reply worth reading: what the rest of the completion budget can produce (four
   * characters a token, twice that for JSON escaping, plus the envelope). A longer answer is
   * not read past it; streams are parsed from what was read.
   */
  private replyByteCap(): number {
    const left = Math.max(
      0,
      this.options.maxCompletionTokens - this.state.completionTokens - this.state.reservedTokens,
    );
    return Math.min(DEFAULT_LIMITS.maxBodyBytes, REPLY_ENVELOPE_BYTES + left * 8);
  }

  record(probe: Omit<ProbeRecord, "check">): void {
    this.state.probes.push({ check: this.ctx.meta.id, ...probe });
  }
}

/** Adds what one answered call cost to the suite's token counters (`stats.llmPromptTokens`, `stats.llmCompletionTokens`). */
export function chargeTokens(artefacts: Artefacts, state: LlmState, sent: string, reply: LlmReply): void {
  const completion = reply.usage?.completionTokens ?? estimateTokens(reply.text.length);
  const prompt = reply.usage?.promptTokens ?? estimateTokens(sent.length);
  state.completionTokens += completion;
  state.promptTokens += prompt;
  artefacts.addStat("llmCompletionTokens", completion);
  artefacts.addStat("llmPromptTokens", prompt);
}

/**
 * Brings `state.requests` and `stats.llmRequests` up to the client's own per-check counters
 * (retries on 429 included). Recounting instead of adding per call keeps concurrent calls
 * of one check from being counted twice.
 */
export function countLlmRequests(
  artefacts: Artefacts,
  state: LlmState,
  checkId: string,
  client: Pick<HttpClient, "requestsBy">,
): void {
  state.checkIds.add(checkId);
  let total = 0;
  for (const id of state.checkIds) total += client.requestsBy(id);
  const delta = total - state.requests;
  if (delta <= 0) return;
  state.requests = total;
  artefacts.addStat("llmRequests", delta);
}

export function classifyExchange(shape: LlmShape, x: Exchange): Omit<CallResult, "sent"> {
  if (RATE_LIMIT_STATUS.has(x.status)) return { outcome: "rate-limited", status: x.status, exchange: x };
  if (x.status === 401 || x.status === 403) return { outcome: "auth", status: x.status, exchange: x };
  if (BLOCK_STATUS.has(x.status)) return { outcome: "blocked", status: x.status, exchange: x };
  if (x.status >= 300) return { outcome: "error", status: x.status, exchange: x, error: `status ${x.status}` };
  const reply = parseReply(shape, x);
  if (!reply)
    return { outcome: "unreadable", status: x.status, exchange: x, error: "reply not in the recognised shape" };
  return { outcome: "ok", status: x.status, exchange: x, reply };
}

/**
 * The verdict a call ends with when it produced no usable reply. A block (400/413/422) is the
 * application refusing the input: resisted. Rate limiting, auth failures, errors and unreadable
 * replies are never resisted.
 */
export function verdictWithoutReply(r: CallResult): ProbeVerdict | undefined {
  switch (r.outcome) {
    case "ok":
      return undefined;
    case "blocked":
      return "resisted";
    case "rate-limited":
    case "auth":
    case "not-sent":
    case "unreadable":
      return "inconclusive";
    default:
      return "error";
  }
}
