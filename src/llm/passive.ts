/** What the passive LLM checks read: every answered LLM exchange of the scan, parsed with the recognised shape. */
import type { CheckContext } from "../engine/check.js";
import type { RecordedExchange } from "../engine/http.js";
import { parseReply } from "./shapes/index.js";
import { type LlmState, llmState } from "./state.js";
import type { LlmReply, LlmShape } from "./types.js";

export interface LlmExchange {
  x: RecordedExchange;
  reply: LlmReply;
}

export interface PassiveView {
  state: LlmState;
  shape: LlmShape;
  answered: LlmExchange[];
}

export const CREDENTIAL_HEADER =
  /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key)$|token|auth|api[-_]?key|secret|session/i;

/** The passive view, or a reason to skip: no LLM recognised, or an endpoint that only reflects its input. */
export function passiveView(ctx: CheckContext): PassiveView | string {
  const state = llmState(ctx.artefacts);
  if (!state?.shape) return "no LLM endpoint recognised";
  if (!state.shape.answers) return "the endpoint only reflects its input: not treated as an LLM";
  if (state.shape.canned)
    return "the endpoint gives the same canned text to every benign message: nothing to read passively";
  const shape = state.shape;
  const answered = ctx
    .exchanges()
    .filter(
      (x) =>
        (x.checkId === "llm-recognition" || x.checkId.startsWith("llm-")) &&
        x.status >= 200 &&
        x.status < 300 &&
        x.request.method === "POST",
    )
    .map((x) => ({ x, reply: parseReply(shape, x) }))
    .filter((e): e is LlmExchange => e.reply !== undefined);
  return { state, shape, answered };
}

export function sentCredentials(x: Pick<RecordedExchange, "request">): string[] {
  const names = Object.keys(x.request.headers).filter((h) => CREDENTIAL_HEADER.test(h));
  const query = [...new URL(x.request.url).searchParams.keys()].filter((k) => /key|token|auth|sig/i.test(k));
  return [...names, ...query];
}
