/**
 * What the LLM layer keeps in `ctx.artefacts` between recognition and the checks: the shape,
 * the benign baseline, the shared request/token budget and every probe's verdict (published
 * under `extensions.llm`, sorted so the same seed gives the same report).
 */
import type { Exchange } from "../engine/http.js";
import { ArtefactKey, type Artefacts } from "../engine/seams.js";
import { estimateCost, priceOf } from "./cost.js";
import { type LlmExtension, llmExtension, type ProbeRecord } from "./extension.js";
import type { LlmReply, LlmShape } from "./types.js";

export type { ProbeRecord } from "./extension.js";

export interface Baseline {
  prompt: string;
  reply: LlmReply;
  exchange: Exchange;
}

export interface LlmState {
  shape?: LlmShape;
  baseline?: Baseline;
  /** Why no shape was recognised. */
  reason?: string;
  /** What recognition tried, in order. */
  tried: string[];
  /** Completion tokens the target generated for the suite (reported usage, else words of the reply). */
  completionTokens: number;
  /** Prompt tokens sent (reported usage, else characters / 4). */
  promptTokens: number;
  /** Completion tokens held by calls in flight. */
  reservedTokens: number;
  /** Model ids the endpoint lists (/v1/models, /api/tags). */
  listedModels: string[];
  /** Target requests of the LLM suite so far (recognition included). */
  requests: number;
  /** Calls sent and not yet answered. */
  inFlight: number;
  /** Checks (and the recognition enricher) whose requests count as LLM requests. */
  checkIds: Set<string>;
  estimatedTokens: number;
  probes: ProbeRecord[];
  /** Payloads built in dry-run mode. */
  dryRun: string[];
}

const STATE = new ArtefactKey<LlmState>("the LLM suite's shape, baseline, budget and verdicts");

/** Tokens the suite made the target process and what that cost at the recognised model's list price. */
export function spendOf(state: LlmState): LlmExtension["spend"] {
  const model = state.baseline?.reply.model ?? state.shape?.model;
  const price = priceOf(model);
  return {
    promptTokens: state.promptTokens,
    completionTokens: state.completionTokens,
    ...(model ? { model } : {}),
    estimatedCostUsd: Number(estimateCost(model, state.promptTokens, state.completionTokens).toFixed(6)),
    priced: price.known,
  };
}

export function llmState(artefacts: Artefacts): LlmState | undefined {
  return artefacts.get(STATE);
}

export function initLlmState(artefacts: Artefacts): LlmState {
  const state: LlmState = {
    listedModels: [],
    tried: [],
    completionTokens: 0,
    promptTokens: 0,
    reservedTokens: 0,
    requests: 0,
    inFlight: 0,
    checkIds: new Set(),
    estimatedTokens: 0,
    probes: [],
    dryRun: [],
  };
  artefacts.set(STATE, state);
  llmExtension.publish(artefacts, {
    toJSON: () => ({
      recognised: state.shape
        ? {
            kind: state.shape.kind,
            path: state.shape.path,
            via: state.shape.via,
            answers: state.shape.answers,
            ...(state.shape.model ? { model: state.shape.model } : {}),
            ...(state.shape.replyPath ? { replyPath: state.shape.replyPath } : {}),
            ...(state.shape.canned ? { canned: true } : {}),
            ...(state.shape.evidence ? { evidence: state.shape.evidence } : {}),
            ...(state.shape.acceptsAnyBearer ? { acceptsAnyBearer: true } : {}),
          }
        : null,
      ...(state.reason ? { reason: state.reason } : {}),
      tried: state.tried,
      requests: state.requests,
      estimatedTokens: state.estimatedTokens,
      spend: spendOf(state),
      probes: state.probes
        .slice()
        .sort(
          (a, b) =>
            a.check.localeCompare(b.check) || a.probe.localeCompare(b.probe) || a.method.localeCompare(b.method),
        ),
    }),
  });
  return state;
}
