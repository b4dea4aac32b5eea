/**
 * What the cost-lever checks share (helper: the leading underscore keeps it out of the registry):
 * the session on an endpoint that takes API parameters, the benign prompts, and how one lever's
 * outcome becomes a probe record and a finding.
 */
import type { CheckContext } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { endCheck } from "../../llm/run.js";
import { type CallResult, LlmSession, verdictWithoutReply } from "../../llm/session.js";
import type { ProbeVerdict } from "../../llm/types.js";

export const HELLO = "Say hello in five words.";
/** The tool llm-tools-param defines; passive checks ignore calls to it (they prove pass-through, not the app's tools). */
export const PROBE_TOOL = "rampart_probe_lookup";
/** What "an abusive request" is assumed to ask for when estimating its cost. */
export const ABUSE = { promptTokens: 1000, outputTokens: 32_768, n: 128 };

export interface LeverOutcome {
  verdict: ProbeVerdict;
  result?: CallResult;
  message?: string;
  severity?: Severity;
  confidence?: "confirmed" | "firm" | "tentative";
  detail?: string;
}

export interface CostSession {
  session: LlmSession;
  /** The model the endpoint answers with by default (baseline reply, else the recognised one). */
  baselineModel?: string;
  send(content: string, params: Record<string, unknown>): Promise<CallResult>;
}

/** The session for a lever, or a reason to skip (no model, or a shape without API parameters). */
export function openCostSession(ctx: CheckContext, opts: { needsParams: boolean }): CostSession | string {
  const session = LlmSession.open(ctx, { needsModel: true });
  if (typeof session === "string") return session;
  if (!session.shape.answers) return "the endpoint reflects its input: no model to spend";
  const baselineModel = session.state.baseline?.reply.model ?? session.shape.model;
  if (opts.needsParams && !session.shape.takesParams) return "the endpoint's request shape takes no API parameters";
  if (!session.shape.takesParams && !baselineModel) return "the endpoint takes no API parameters and shows no model";
  return {
    session,
    baselineModel,
    send: (content, params) => session.call({ turns: [{ role: "user", content }], params }),
  };
}

/** The verdict of a call that produced no reply (rate limit, auth, block...), or undefined. */
export function noReply(r: CallResult): LeverOutcome | undefined {
  const verdict = verdictWithoutReply(r);
  if (!verdict) return undefined;
  const why = r.error ?? (r.status ? `status ${r.status}` : r.outcome);
  return {
    verdict,
    result: r,
    ...(verdict === "resisted" ? {} : { detail: `the probe ended without a reply (${why})` }),
  };
}

/** Records the lever's probe, reports it when vulnerable and ends the check. */
export function finishLever(ctx: CheckContext, cost: CostSession, probe: string, o: LeverOutcome): void {
  cost.session.record({
    probe,
    family: "cost parameters",
    verdict: o.verdict,
    method: "deterministic",
    status: o.result?.status,
    note: o.detail,
  });
  if (o.verdict === "vulnerable")
    ctx.report({
      key: probe,
      severity: o.severity,
      confidence: o.confidence,
      message: o.message ?? probe,
      exchange: o.result?.exchange,
      evidence: { detail: o.detail },
    });
  // One lever, one probe: its own reason says more than the generic count.
  if ((o.verdict === "inconclusive" || o.verdict === "error") && o.detail) ctx.inconclusive(o.detail);
  else endCheck(ctx, [o.verdict], cost.session);
}
