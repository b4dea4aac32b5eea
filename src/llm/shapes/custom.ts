/**
 * Home-made JSON chat endpoints: a request field among a few usual names, a reply field
 * among a few others. Recognition fills the template and reply path; `--llm-request` and
 * `--llm-response` override them.
 */
import { contentType, type Exchange, textOf } from "../../engine/http.js";
import type { LlmCall, LlmReply, LlmShape } from "../types.js";
import { type Driver, getPath, transcript } from "./drivers.js";
import { isEventStream, parseJson, sseData } from "./stream.js";

export const PROMPT_PLACEHOLDER = "{{prompt}}";
export const REQUEST_FIELDS = [
  "message",
  "messages",
  "prompt",
  "input",
  "query",
  "question",
  "text",
  "content",
] as const;
export const REPLY_PATHS = [
  "reply",
  "answer",
  "output",
  "response",
  "text",
  "completion",
  "generated_text",
  "message",
  "message.content",
  "choices.0.message.content",
  "choices.0.text",
  "content",
  "content.0.text",
  "output.content",
  "result",
  "data.reply",
  "data.answer",
  "data.response",
] as const;
export const SESSION_FIELDS = [
  "session_id",
  "sessionId",
  "conversation_id",
  "conversationId",
  "thread_id",
  "threadId",
  "chat_id",
];
export const DOCUMENT_FIELDS = ["context", "document", "documents", "url", "source", "file"];

type Json = Record<string, unknown>;

/** Fills every "{{prompt}}" in a template (strings inside objects and arrays). */
export function fillTemplate(template: unknown, prompt: string): unknown {
  if (typeof template === "string") return template.split(PROMPT_PLACEHOLDER).join(prompt);
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, prompt));
  if (template && typeof template === "object")
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, prompt)]));
  return template;
}

/** `$.a.b[0].c` (JSONPath-ish, as users write it) to our dotted form `a.b.0.c`. */
export function normaliseReplyPath(path: string): string {
  return path
    .replace(/^\$\.?/, "")
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/\[["']([^"']+)["']\]/g, ".$1")
    .replace(/^\./, "");
}

function asText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as Json).content === "string") return (v as Json).content as string;
  return undefined;
}

/** The first usual reply path holding text in a JSON answer. */
export function findReplyPath(json: unknown): string | undefined {
  for (const p of REPLY_PATHS) if (asText(getPath(json, p)) !== undefined && asText(getPath(json, p))!.trim()) return p;
  return undefined;
}

function sessionOf(json: unknown): string | undefined {
  for (const f of SESSION_FIELDS) {
    const v = getPath(json, f);
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return undefined;
}

/** Text of a streamed home-made answer: SSE data (JSON deltas or plain text) or a plain chunked body. */
function streamedText(x: Exchange): string | undefined {
  const body = textOf(x);
  if (isEventStream(contentType(x), body)) {
    return sseData(body)
      .filter((d) => d !== "[DONE]")
      .map((d) => {
        const j = parseJson(d);
        if (j === undefined) return d;
        return (
          asText(getPath(j, "delta")) ??
          asText(getPath(j, "text")) ??
          asText(getPath(j, "token")) ??
          asText(getPath(j, "content")) ??
          ""
        );
      })
      .join("");
  }
  if (contentType(x).startsWith("text/plain")) return body;
  return undefined;
}

export const customDriver = {
  kind: "custom-json",
  build(call: LlmCall, shape: LlmShape): Json {
    const history = shape.historyField !== undefined;
    const last = call.turns.at(-1)?.content ?? "";
    const prompt = history || call.sessionId ? last : transcript(call.turns);
    const body = (fillTemplate(shape.template ?? { message: PROMPT_PLACEHOLDER }, prompt) ?? {}) as Json;
    if (shape.historyField) body[shape.historyField] = call.turns.map((t) => ({ role: t.role, content: t.content }));
    if (call.sessionId && shape.sessionField) body[shape.sessionField] = call.sessionId;
    if (call.document !== undefined && shape.documentField) body[shape.documentField] = call.document;
    return { ...body, ...call.params };
  },
  parse(x: Exchange, shape?: LlmShape): LlmReply | undefined {
    const json = parseJson(textOf(x));
    const base = { toolCalls: [], choices: 1, logprobs: false, streamed: false };
    if (json === undefined) {
      const text = streamedText(x);
      return text === undefined ? undefined : { ...base, text, streamed: true };
    }
    const path = shape?.replyPath ?? findReplyPath(json);
    const text = path ? asText(getPath(json, path)) : undefined;
    if (text === undefined) return undefined;
    const j = json as Json;
    const model = typeof j.model === "string" ? j.model : undefined;
    const usage = (j.usage ?? undefined) as Json | undefined;
    const tools = j.tool_calls ?? (j.message as Json | undefined)?.tool_calls;
    const finish = j.finish_reason ?? j.stop_reason ?? (j.choices as Json[] | undefined)?.[0]?.finish_reason;
    return {
      ...base,
      text,
      json,
      model,
      finishReason: typeof finish === "string" ? finish : undefined,
      usage: usage
        ? {
            promptTokens: Number(usage.prompt_tokens ?? usage.input_tokens) || undefined,
            completionTokens: Number(usage.completion_tokens ?? usage.output_tokens) || undefined,
            totalTokens: Number(usage.total_tokens) || undefined,
          }
        : undefined,
      toolCalls: Array.isArray(tools)
        ? tools.map((c: Json) => {
            const fn = (c.function ?? c) as Json;
            return {
              name: String(fn.name ?? ""),
              arguments: typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
            };
          })
        : [],
      sessionId: sessionOf(json),
    };
  },
} satisfies Omit<Driver, "parse"> & { parse(x: Exchange, shape?: LlmShape): LlmReply | undefined };
