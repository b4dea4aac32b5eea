/**
 * One driver per wire format: how to build a request body for an LlmCall and how to read the
 * answer back (JSON or stream). Drivers are plain data + small pure functions.
 */
import { contentType, type Exchange, textOf } from "../../engine/http.js";
import type { LlmCall, LlmReply, LlmShape, ShapeKind, Turn } from "../types.js";
import { isEventStream, ndjson, parseJson, sseJson, vercelV4Parts } from "./stream.js";

/** Output tokens the scanner asks for by default: "a few hundred at most". */
export const DEFAULT_MAX_TOKENS = 256;

type Json = Record<string, unknown>;

export interface Driver {
  kind: ShapeKind;
  build(call: LlmCall, shape: LlmShape): Json;
  /** Reads the reply; undefined when the body is not in this format. */
  parse(x: Exchange): LlmReply | undefined;
}

export function getPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split(".").filter(Boolean)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** Several turns rendered for a single text field: a transcript, never a JSON array in a string slot. */
export function transcript(turns: readonly Turn[]): string {
  if (turns.length === 1) return turns[0].content;
  return turns
    .map((t) => `${t.role === "assistant" ? "Assistant" : t.role === "system" ? "System" : "User"}: ${t.content}`)
    .join("\n\n");
}

function emptyReply(extra: Partial<LlmReply> = {}): LlmReply {
  return { text: "", toolCalls: [], choices: 1, logprobs: false, streamed: false, ...extra };
}

function withCall(call: LlmCall, shape: LlmShape, body: Json): Json {
  return {
    ...body,
    ...(shape.model && !("model" in (call.params ?? {})) ? { model: shape.model } : {}),
    ...call.params,
  };
}

function bodyOf(x: Exchange): { json: unknown; text: string; stream: boolean; type: string } {
  const text = textOf(x);
  const type = contentType(x);
  return { json: parseJson(text), text, stream: isEventStream(type, text), type };
}

function toolCallsOf(list: unknown): { name: string; arguments: string }[] {
  if (!Array.isArray(list)) return [];
  return list.map((c: Json) => {
    const fn = (c.function ?? c) as Json;
    const args = fn.arguments ?? fn.input ?? fn.args;
    return {
      name: String(fn.name ?? c.toolName ?? ""),
      arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
    };
  });
}

const openaiChat: Driver = {
  kind: "openai-chat",
  build: (call, shape) => withCall(call, shape, { messages: call.turns, max_tokens: DEFAULT_MAX_TOKENS }),
  parse(x) {
    const { json, text, stream } = bodyOf(x);
    if (stream) {
      const chunks = sseJson(text).filter((c) => Array.isArray(c.choices) || c.usage);
      if (chunks.length === 0) return undefined;
      let content = "";
      const calls: Json[] = [];
      let finish: string | undefined;
      let usage: Json | undefined;
      for (const c of chunks) {
        const choice = (c.choices as Json[] | undefined)?.[0];
        const delta = (choice?.delta ?? {}) as Json;
        content += str(delta.content) ?? str(choice?.text) ?? "";
        if (Array.isArray(delta.tool_calls)) calls.push(...(delta.tool_calls as Json[]));
        finish = str(choice?.finish_reason) ?? finish;
        usage = (c.usage as Json | undefined) ?? usage;
      }
      return {
        ...emptyReply({ streamed: true, json: chunks.at(-1) }),
        text: content,
        model: str(chunks[0].model),
        usage: usage ? openaiUsage(usage) : undefined,
        toolCalls: toolCallsOf(calls),
        finishReason: finish,
      };
    }
    const j = json as Json | undefined;
    if (!j || !Array.isArray(j.choices)) return undefined;
    const choices = j.choices as Json[];
    const first = (choices[0] ?? {}) as Json;
    const message = (first.message ?? {}) as Json;
    return {
      ...emptyReply({ json }),
      text: str(message.content) ?? str(first.text) ?? "",
      model: str(j.model),
      usage: j.usage ? openaiUsage(j.usage as Json) : undefined,
      toolCalls: toolCallsOf(message.tool_calls ?? (message.function_call ? [message.function_call] : [])),
      choices: choices.length,
      finishReason: str(first.finish_reason),
      echoedPrompt: echoText(j.prompt),
      logprobs: first.logprobs !== undefined && first.logprobs !== null,
    };
  },
};

function openaiUsage(u: Json): LlmReply["usage"] {
  return {
    promptTokens: num(u.prompt_tokens),
    completionTokens: num(u.completion_tokens),
    totalTokens: num(u.total_tokens),
  };
}

/** Together returns `prompt` as a string or as [{text}] when `echo: true`. */
function echoText(v: unknown): string | undefined {
  if (typeof v === "string") return v || undefined;
  if (Array.isArray(v) && v.length)
    return v.map((p) => (typeof p === "string" ? p : (str((p as Json)?.text) ?? JSON.stringify(p)))).join("\n");
  return undefined;
}

const openaiCompletions: Driver = {
  kind: "openai-completions",
  build: (call, shape) => withCall(call, shape, { prompt: transcript(call.turns), max_tokens: DEFAULT_MAX_TOKENS }),
  parse: openaiChat.parse,
};

const anthropic: Driver = {
  kind: "anthropic-messages",
  build(call, shape) {
    const system = call.turns.filter((t) => t.role === "system").map((t) => t.content);
    const messages = call.turns.filter((t) => t.role !== "system");
    return withCall(call, shape, {
      max_tokens: DEFAULT_MAX_TOKENS,
      ...(system.length ? { system: system.join("\n") } : {}),
      messages,
    });
  },
  parse(x) {
    const { json, text, stream } = bodyOf(x);
    if (stream) {
      const events = sseJson(text).filter((e) => typeof e.type === "string");
      if (!events.some((e) => String(e.type).startsWith("message") || String(e.type).startsWith("content_block")))
        return undefined;
      let content = "";
      let model: string | undefined;
      let output: number | undefined;
      let input: number | undefined;
      for (const e of events) {
        const delta = (e.delta ?? {}) as Json;
        content += str(delta.text) ?? "";
        const message = e.message as Json | undefined;
        if (message) {
          model = str(message.model) ?? model;
          input = num((message.usage as Json | undefined)?.input_tokens) ?? input;
        }
        output = num((e.usage as Json | undefined)?.output_tokens) ?? output;
      }
      return {
        ...emptyReply({ streamed: true }),
        text: content,
        model,
        usage: { promptTokens: input, completionTokens: output },
      };
    }
    const j = json as Json | undefined;
    if (!j || !Array.isArray(j.content) || j.type !== "message") return undefined;
    const blocks = j.content as Json[];
    const usage = (j.usage ?? {}) as Json;
    return {
      ...emptyReply({ json }),
      text: blocks.map((b) => str(b.text) ?? "").join(""),
      model: str(j.model),
      usage: j.usage
        ? { promptTokens: num(usage.input_tokens), completionTokens: num(usage.output_tokens) }
        : undefined,
      toolCalls: toolCallsOf(blocks.filter((b) => b.type === "tool_use")),
      finishReason: str(j.stop_reason),
    };
  },
};

function ollamaParse(field: "message" | "response") {
  return (x: Exchange): LlmReply | undefined => {
    const { text } = bodyOf(x);
    const objects = ndjson(text).filter((o) => "done" in o || field in o);
    if (objects.length === 0) return undefined;
    let content = "";
    const calls: unknown[] = [];
    for (const o of objects) {
      if (field === "message") {
        const m = (o.message ?? {}) as Json;
        content += str(m.content) ?? "";
        if (Array.isArray(m.tool_calls)) calls.push(...m.tool_calls);
      } else content += str(o.response) ?? "";
    }
    const last = objects.at(-1)!;
    return {
      ...emptyReply({ json: last, streamed: objects.length > 1 }),
      text: content,
      model: str(last.model),
      usage:
        last.eval_count !== undefined
          ? { promptTokens: num(last.prompt_eval_count), completionTokens: num(last.eval_count) }
          : undefined,
      toolCalls: toolCallsOf(calls),
      finishReason: str(last.done_reason),
      // Ollama's `context` array is the tokenised prompt: not text, but it is a leak of the prompt.
    };
  };
}

const ollamaChat: Driver = {
  kind: "ollama-chat",
  build(call, shape) {
    const { max_tokens, ...rest } = call.params ?? {};
    const body: Json = { model: shape.model ?? "llama3", messages: call.turns, stream: false, ...rest };
    body.options = { num_predict: max_tokens ?? DEFAULT_MAX_TOKENS };
    return body;
  },
  parse: ollamaParse("message"),
};

const ollamaGenerate: Driver = {
  kind: "ollama-generate",
  build(call, shape) {
    const { max_tokens, ...rest } = call.params ?? {};
    return {
      model: shape.model ?? "llama3",
      prompt: transcript(call.turns),
      stream: false,
      options: { num_predict: max_tokens ?? DEFAULT_MAX_TOKENS },
      ...rest,
    };
  },
  parse: ollamaParse("response"),
};

const tgi: Driver = {
  kind: "tgi-generate",
  build(call) {
    const { max_tokens, ...rest } = call.params ?? {};
    return {
      inputs: transcript(call.turns),
      parameters: { max_new_tokens: max_tokens ?? DEFAULT_MAX_TOKENS, ...rest },
    };
  },
  parse(x) {
    const { json, text, stream } = bodyOf(x);
    if (stream) {
      const events = sseJson(text).filter((e) => e.token);
      if (!events.length) return undefined;
      return { ...emptyReply({ streamed: true }), text: events.map((e) => str((e.token as Json).text) ?? "").join("") };
    }
    const j = (Array.isArray(json) ? json[0] : json) as Json | undefined;
    if (!j || typeof j.generated_text !== "string") return undefined;
    const details = j.details as Json | undefined;
    return {
      ...emptyReply({ json }),
      text: j.generated_text,
      usage: details ? { completionTokens: num(details.generated_tokens) } : undefined,
      finishReason: str(details?.finish_reason),
    };
  },
};

const langserve: Driver = {
  kind: "langserve-invoke",
  build: (call) => ({ input: transcript(call.turns), config: {}, kwargs: {} }),
  parse(x) {
    const j = bodyOf(x).json as Json | undefined;
    if (!j || !("output" in j)) return undefined;
    const out = j.output as unknown;
    const text =
      str(out) ?? str((out as Json)?.content) ?? str((out as Json)?.output) ?? str((out as Json)?.answer) ?? "";
    return { ...emptyReply({ json: j }), text };
  },
};

/** Both Vercel generations accept this message: v4 reads `content`, v5 reads `parts`. */
function vercelBody(call: LlmCall): Json {
  const messages = call.turns
    .filter((t) => t.role !== "system")
    .map((t, i) => ({ id: `m${i + 1}`, role: t.role, content: t.content, parts: [{ type: "text", text: t.content }] }));
  return { id: "rampart-chat", messages, trigger: "submit-message" };
}

const vercelV4: Driver = {
  kind: "vercel-ai-v4",
  build: vercelBody,
  parse(x) {
    if (!x.headers["x-vercel-ai-data-stream"] && !/^0:"/m.test(textOf(x).slice(0, 500))) return undefined;
    const parts = vercelV4Parts(textOf(x));
    const finish = parts.find((p) => p.type === "d")?.value as Json | undefined;
    const usage = (finish?.usage ?? undefined) as Json | undefined;
    return {
      ...emptyReply({ streamed: true }),
      text: parts
        .filter((p) => p.type === "0")
        .map((p) => str(p.value) ?? "")
        .join(""),
      toolCalls: toolCallsOf(parts.filter((p) => p.type === "9").map((p) => p.value)),
      usage: usage
        ? { promptTokens: num(usage.promptTokens), completionTokens: num(usage.completionTokens) }
        : undefined,
      finishReason: str(finish?.finishReason),
    };
  },
};

const vercelV5: Driver = {
  kind: "vercel-ai-v5",
  build: vercelBody,
  parse(x) {
    const events = sseJson(textOf(x)).filter((e) => typeof e.type === "string");
    if (!x.headers["x-vercel-ai-ui-message-stream"] && !events.some((e) => e.type === "text-delta")) return undefined;
    const finish = events.find((e) => e.type === "finish");
    return {
      ...emptyReply({ streamed: true }),
      text: events
        .filter((e) => e.type === "text-delta")
        .map((e) => str(e.delta) ?? "")
        .join(""),
      toolCalls: toolCallsOf(
        events.filter((e) => e.type === "tool-input-available").map((e) => ({ name: e.toolName, input: e.input })),
      ),
      model: str((finish?.messageMetadata as Json | undefined)?.model),
    };
  },
};

export const DRIVERS: Record<Exclude<ShapeKind, "custom-json">, Driver> = {
  "openai-chat": openaiChat,
  "openai-completions": openaiCompletions,
  "anthropic-messages": anthropic,
  "ollama-chat": ollamaChat,
  "ollama-generate": ollamaGenerate,
  "tgi-generate": tgi,
  "langserve-invoke": langserve,
  "vercel-ai-v4": vercelV4,
  "vercel-ai-v5": vercelV5,
};
