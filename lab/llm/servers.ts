/**
 * Emulated LLM apps on 127.0.0.1, one per wire format and behaviour, all backed by the same
 * emulated model (model.ts). Each start function returns a LabServer and the URL to scan.
 */
import type { ServerResponse } from "node:http";
import { type LabRequest, type LabServer, type Route, router, sendJson, startLab } from "../kit.js";
import {
  type Behaviour,
  CANNED,
  ENCODED_BYPASS,
  HARDENED,
  type ModelAnswer,
  NAIVE,
  PERSONA_PLAYER,
  respond,
  SHOPBOT_PROMPT,
  type Turn,
} from "./model.js";

export interface LlmLab extends LabServer {
  /** The URL a scan is pointed at. */
  chatUrl: string;
}

type Json = Record<string, unknown>;
const PERSONA = { name: "ShopBot", systemPrompt: SHOPBOT_PROMPT };

function parse(req: LabRequest): Json | undefined {
  try {
    const v = JSON.parse(req.body) as unknown;
    return v && typeof v === "object" ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

const asTurns = (v: unknown): Turn[] =>
  Array.isArray(v)
    ? v.map((m: Json) => ({
        role: (m.role as Turn["role"]) ?? "user",
        content:
          typeof m.content === "string"
            ? m.content
            : Array.isArray(m.parts)
              ? (m.parts as Json[]).map((p) => String(p.text ?? "")).join("")
              : Array.isArray(m.content)
                ? (m.content as Json[]).map((p) => String(p.text ?? "")).join("")
                : "",
      }))
    : [];

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(36).padStart(8, "0")}`;

function sse(res: ServerResponse, events: unknown[], headers: Record<string, string> = {}, done = true): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...headers });
  for (const e of events) res.write(`data: ${typeof e === "string" ? e : JSON.stringify(e)}\n\n`);
  if (done) res.write("data: [DONE]\n\n");
  res.end();
}

/** Splits an answer into a few stream chunks. */
const chunks = (text: string) => text.match(/.{1,24}/gs) ?? [""];

// ---------------------------------------------------------------- OpenAI-compatible proxies

export interface ProxyPolicy {
  /** Forwards the caller's model, max_tokens, n, logprobs, echo, tools, response_format. */
  permissive: boolean;
  maxTokensCap?: number;
  maxBodyBytes?: number;
  /** Requests per window before 429 (rate-limit headers are sent whenever set). */
  rateLimit?: number;
  apiKey?: string;
  /** Demands an `Authorization: Bearer …` header but accepts any value (a proxy that never checks the key). */
  anyBearer?: boolean;
  /** A gateway that needs `model`: 400 without it, 404 for an id it does not serve; `/v1/models` hidden. */
  requiresModel?: { served: string[]; errorText: string };
  /** Stream even when the caller did not ask. */
  alwaysStream?: boolean;
  model: string;
  behaviour: Behaviour;
}

function openAiRoutes(policy: ProxyPolicy): Route[] {
  let used = 0;
  const guard = (req: LabRequest, res: ServerResponse): boolean => {
    const bearer = /^Bearer \S+/.test(req.headers.authorization ?? "");
    if ((policy.apiKey && req.headers.authorization !== `Bearer ${policy.apiKey}`) || (policy.anyBearer && !bearer)) {
      sendJson(res, 401, {
        error: { message: "Invalid API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
      });
      return false;
    }
    if (policy.maxBodyBytes && Buffer.byteLength(req.body) > policy.maxBodyBytes) {
      sendJson(res, 413, { error: { message: "Request too large", type: "invalid_request_error" } });
      return false;
    }
    if (policy.rateLimit !== undefined) {
      used++;
      res.setHeader("x-ratelimit-limit-requests", String(policy.rateLimit));
      res.setHeader("x-ratelimit-remaining-requests", String(Math.max(0, policy.rateLimit - used)));
      if (used > policy.rateLimit) {
        sendJson(res, 429, { error: { message: "Rate limit reached", type: "requests" } }, { "retry-after": "1" });
        return false;
      }
    }
    return true;
  };
  const complete = (req: LabRequest, res: ServerResponse, chat: boolean) => {
    if (!guard(req, res)) return;
    const body = parse(req);
    if (!body) return sendJson(res, 400, { error: { message: "invalid JSON", type: "invalid_request_error" } });
    const client = chat ? asTurns(body.messages) : [{ role: "user" as const, content: String(body.prompt ?? "") }];
    if (client.length === 0)
      return sendJson(res, 400, { error: { message: "messages is required", type: "invalid_request_error" } });
    const gate = policy.requiresModel;
    if (gate && typeof body.model !== "string")
      return sendJson(res, 400, { error: { message: gate.errorText, type: "invalid_request_error", param: "model" } });
    if (gate && !gate.served.includes(String(body.model)))
      return sendJson(res, 404, {
        error: { message: `The model '${String(body.model)}' does not exist`, type: "invalid_request_error" },
      });
    const p = policy.permissive;
    const n = Number(body.n ?? 1);
    if (!p && n > 1)
      return sendJson(res, 400, { error: { message: "n > 1 is not supported", type: "invalid_request_error" } });
    const asked = Number(body.max_tokens ?? body.max_completion_tokens ?? 1024);
    const maxTokens = p ? asked : Math.min(asked, policy.maxTokensCap ?? 128);
    const turns: Turn[] = [{ role: "system", content: SHOPBOT_PROMPT }, ...client];
    const toolNames =
      p && Array.isArray(body.tools)
        ? (body.tools as Json[]).map((t) => String((t.function as Json | undefined)?.name ?? t.name))
        : [];
    const answerOnce = (): ModelAnswer => {
      const a = respond(PERSONA, policy.behaviour, turns, { maxTokens });
      const lastText = client.at(-1)?.content ?? "";
      const named = toolNames.find((t) => lastText.includes(t));
      if (named) return { ...a, text: "", toolCalls: [{ name: named, arguments: JSON.stringify({ q: "ping" }) }] };
      const format = body.response_format as Json | undefined;
      if (p && format?.type === "json_schema") {
        const schema = ((format.json_schema as Json | undefined)?.schema ?? {}) as Json;
        const keys = (schema.required as string[] | undefined) ?? [];
        return { ...a, text: JSON.stringify(Object.fromEntries(keys.map((k) => [k, "hello"]))) };
      }
      return a;
    };
    const answers = Array.from({ length: p ? Math.max(1, Math.min(n, 8)) : 1 }, answerOnce);
    const model = (p || gate) && typeof body.model === "string" ? body.model : policy.model;
    const usage = {
      prompt_tokens: Math.ceil(req.body.length / 4),
      completion_tokens: answers.reduce((s, a) => s + a.tokens, 0),
      total_tokens: Math.ceil(req.body.length / 4) + answers.reduce((s, a) => s + a.tokens, 0),
    };
    const id = nextId(chat ? "chatcmpl-" : "cmpl-");
    const toolCalls = (a: ModelAnswer) =>
      a.toolCalls.length ? a.toolCalls.map((t, i) => ({ id: `call_${i}`, type: "function", function: t })) : undefined;
    if (body.stream === true || policy.alwaysStream) {
      const a = answers[0];
      const events: unknown[] = chunks(a.text).map((c, i) => ({
        id,
        object: "chat.completion.chunk",
        model,
        choices: [
          { index: 0, delta: i === 0 ? { role: "assistant", content: c } : { content: c }, finish_reason: null },
        ],
      }));
      events.push({
        id,
        object: "chat.completion.chunk",
        model,
        choices: [{ index: 0, delta: {}, finish_reason: a.finish }],
        usage,
      });
      return sse(res, events);
    }
    sendJson(res, 200, {
      id,
      object: chat ? "chat.completion" : "text_completion",
      created: 1_780_000_000,
      model,
      choices: answers.map((a, index) => ({
        index,
        ...(chat
          ? {
              message: {
                role: "assistant",
                content: a.text || null,
                ...(toolCalls(a) ? { tool_calls: toolCalls(a) } : {}),
              },
            }
          : { text: a.text }),
        logprobs: p && body.logprobs ? { content: [{ token: a.text.split(" ")[0] ?? "", logprob: -0.01 }] } : null,
        finish_reason: a.toolCalls.length ? "tool_calls" : a.finish,
      })),
      usage,
      ...(p && body.echo ? { prompt: [{ text: turns.map((t) => `${t.role}: ${t.content}`).join("\n") }] } : {}),
      system_fingerprint: "fp_lab0001",
    });
  };
  return [
    {
      method: "GET",
      path: "/v1/models",
      handler: (req, res) => {
        if (policy.requiresModel) return sendJson(res, 404, { error: { message: "Not found" } });
        if (policy.apiKey && req.headers.authorization !== `Bearer ${policy.apiKey}`)
          return sendJson(res, 401, { error: { message: "unauthorised" } });
        sendJson(res, 200, { object: "list", data: [{ id: policy.model, object: "model", owned_by: "acme" }] });
      },
    },
    { method: "POST", path: "/v1/chat/completions", handler: (req, res) => complete(req, res, true) },
    { method: "POST", path: "/v1/completions", handler: (req, res) => complete(req, res, false) },
  ];
}

/** Every answer waits this long first: a model's latency, for timing tests and the benchmark. */
export interface Latency {
  delayMs?: number;
}

async function serve(routes: Route[], chatPath: string, latency: Latency = {}): Promise<LlmLab> {
  const delay = latency.delayMs ?? 0;
  const slowed = delay
    ? routes.map((r) => ({
        ...r,
        handler: async (req: LabRequest, res: ServerResponse) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          await r.handler(req, res);
        },
      }))
    : routes;
  const lab = await startLab(router([{ routes: slowed }]));
  return { ...lab, chatUrl: `${lab.origin}${chatPath}` };
}

export const PERMISSIVE_MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo";

export function startPermissiveProxy(latency: Latency = {}): Promise<LlmLab> {
  return serve(
    openAiRoutes({ permissive: true, model: PERMISSIVE_MODEL, behaviour: NAIVE }),
    "/v1/chat/completions",
    latency,
  );
}

export const CAPPED_KEY = "lab-capped-key-0001";
export function startCappedProxy(): Promise<LlmLab> {
  return serve(
    openAiRoutes({
      permissive: false,
      model: "acme-small-1",
      maxTokensCap: 128,
      maxBodyBytes: 32 * 1024,
      rateLimit: 200,
      apiKey: CAPPED_KEY,
      behaviour: HARDENED,
    }),
    "/v1/chat/completions",
  );
}

/** An OpenAI-compatible proxy that wants a bearer token on its POST route but never checks its value. */
export function startAnyBearerProxy(latency: Latency = {}): Promise<LlmLab> {
  return serve(
    openAiRoutes({ permissive: false, anyBearer: true, model: "gpt-4o-mini", maxTokensCap: 256, behaviour: HARDENED }),
    "/v1/chat/completions",
    latency,
  );
}

export const GATEWAY_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo";
/**
 * A gateway that hides `/v1/models`, answers 400 when `model` is missing and 404 for a model it
 * does not serve. `hint: "list"` names its models in the 400; `hint: "provider"` only points at
 * its provider's docs (the scanner then tries that provider's well-known ids).
 */
export function startModelGateway(hint: "list" | "provider" = "provider", latency: Latency = {}): Promise<LlmLab> {
  const served = hint === "list" ? ["acme-chat-2", "acme-chat-2-mini"] : [GATEWAY_MODEL];
  const errorText =
    hint === "list"
      ? "model is required; available models: acme-chat-2, acme-chat-2-mini"
      : "model is required (see https://docs.together.ai/docs/serverless-models)";
  return serve(
    openAiRoutes({
      permissive: false,
      requiresModel: { served, errorText },
      model: served[0],
      maxTokensCap: 512,
      behaviour: NAIVE,
    }),
    "/v1/chat/completions",
    latency,
  );
}

/** OpenAI-compatible bot that always answers as an SSE stream ending in [DONE]. */
export function startStreamingBot(): Promise<LlmLab> {
  return serve(
    openAiRoutes({
      permissive: false,
      maxTokensCap: 4096,
      alwaysStream: true,
      model: "acme-stream-1",
      behaviour: NAIVE,
    }),
    "/v1/chat/completions",
  );
}

// ---------------------------------------------------------------- home-made JSON bots

export interface CustomBotOptions {
  behaviour: Behaviour;
  path?: string;
  requestField?: string;
  replyField?: string;
  /** Keeps conversations server-side under a session id. */
  sessions?: boolean;
  apiKey?: string;
  maxBodyBytes?: number;
  rateLimit?: number;
  /** Reflect the message instead of answering (not an LLM). */
  reflect?: boolean;
  /** A request field whose text the bot reads as a document (RAG-style context). */
  contextField?: string;
  /** Requests without the field get this text with a 200 (the bot ignores what it does not read). */
  defaultText?: string;
  /** Replies also carry `model`, `usage` and `finish_reason`, as a provider response does. */
  evidenceModel?: string;
}

function customRoutes(o: CustomBotOptions): Route[] {
  const field = o.requestField ?? "message";
  const replyField = o.replyField ?? "reply";
  const sessions = new Map<string, Turn[]>();
  let used = 0;
  let sessionSeq = 0;
  return [
    {
      method: "POST",
      path: o.path ?? "/api/chat",
      handler: (req, res) => {
        if (o.apiKey && req.headers.authorization !== `Bearer ${o.apiKey}`)
          return sendJson(res, 401, { error: "authentication required" });
        if (o.maxBodyBytes && Buffer.byteLength(req.body) > o.maxBodyBytes)
          return sendJson(res, 413, { error: "message too long" });
        if (o.rateLimit !== undefined) {
          used++;
          res.setHeader("x-ratelimit-limit", String(o.rateLimit));
          res.setHeader("x-ratelimit-remaining", String(Math.max(0, o.rateLimit - used)));
          if (used > o.rateLimit) return sendJson(res, 429, { error: "slow down" }, { "retry-after": "1" });
        }
        const body = parse(req);
        const message = body?.[field];
        if (typeof message !== "string" || !message)
          return o.defaultText !== undefined
            ? sendJson(res, 200, { [replyField]: o.defaultText })
            : sendJson(res, 400, { error: `"${field}" is required` });
        if (o.reflect) return sendJson(res, 200, { [replyField]: `You said: ${message}`, received: body });
        const id = o.sessions ? String(body?.session_id ?? `s${++sessionSeq}`) : undefined;
        const history = id ? (sessions.get(id) ?? []) : [];
        const turns: Turn[] = [...history, { role: "user", content: message }];
        const context = o.contextField ? body?.[o.contextField] : undefined;
        const a = respond(PERSONA, o.behaviour, [{ role: "system", content: SHOPBOT_PROMPT }, ...turns], {
          document: typeof context === "string" && context ? context : undefined,
        });
        if (id) sessions.set(id, [...turns, { role: "assistant", content: a.text }]);
        sendJson(res, 200, {
          [replyField]: a.text,
          ...(o.evidenceModel
            ? {
                model: o.evidenceModel,
                finish_reason: a.finish,
                usage: { prompt_tokens: Math.ceil(message.length / 4), completion_tokens: a.tokens },
              }
            : {}),
          ...(a.toolCalls.length ? { tool_calls: a.toolCalls.map((t) => ({ type: "function", function: t })) } : {}),
          ...(id ? { session_id: id } : {}),
        });
      },
    },
  ];
}

export function startNaiveBot(opts: Partial<CustomBotOptions> & Latency = {}): Promise<LlmLab> {
  return serve(customRoutes({ behaviour: NAIVE, sessions: true, ...opts }), opts.path ?? "/api/chat", opts);
}

export function startEncodedBypassBot(): Promise<LlmLab> {
  return serve(
    customRoutes({ behaviour: ENCODED_BYPASS, path: "/ask", requestField: "question", replyField: "answer" }),
    "/ask",
  );
}

export const HARDENED_KEY = "lab-hardened-key-0001";
export function startHardenedBot(): Promise<LlmLab> {
  return serve(
    customRoutes({ behaviour: HARDENED, apiKey: HARDENED_KEY, maxBodyBytes: 4096, rateLimit: 100 }),
    "/api/chat",
  );
}

/** Adopts jailbreak personas without solving canaries: the case for the optional judge. */
export function startPersonaBot(): Promise<LlmLab> {
  return serve(customRoutes({ behaviour: PERSONA_PLAYER }), "/api/chat");
}

/** Reads `input` only; any other field gets the same greeting with a 200, as many home-made routes do. */
export function startFieldIgnoringBot(latency: Latency = {}): Promise<LlmLab> {
  return serve(
    customRoutes({
      behaviour: NAIVE,
      path: "/api/assistant",
      requestField: "input",
      replyField: "output",
      defaultText: "Hello! How can I help you today?",
    }),
    "/api/assistant",
    latency,
  );
}

/** Topic-locked: one canned line for every benign message (even "reply with OK"), yet it obeys an explicit override. */
export function startCannedBot(
  opts: { evidenceModel?: string; path?: string; requestField?: string } & Latency = {},
): Promise<LlmLab> {
  return serve(
    customRoutes({
      behaviour: CANNED,
      path: opts.path ?? "/chat",
      requestField: opts.requestField,
      evidenceModel: opts.evidenceModel,
    }),
    opts.path ?? "/chat",
    opts,
  );
}

/** A home-made bot whose canned replies carry provider evidence (`model`, `usage`, `finish_reason`). */
export const startEvidenceBot = () =>
  startCannedBot({ evidenceModel: "gpt-4o-mini-2024-07-18", path: "/api/support-bot", requestField: "query" });

export function startReflectingApi(): Promise<LlmLab> {
  return serve(customRoutes({ behaviour: HARDENED, reflect: true }), "/api/chat");
}

// ---------------------------------------------------------------- other wire formats

function anthropicRoutes(): Route[] {
  return [
    {
      method: "GET",
      path: "/v1/models",
      handler: (_req, res) => sendJson(res, 200, { data: [{ id: "claude-3-5-haiku-latest", type: "model" }] }),
    },
    {
      method: "POST",
      path: "/v1/messages",
      handler: (req, res) => {
        const body = parse(req);
        if (!body || !Array.isArray(body.messages) || !body.max_tokens)
          return sendJson(res, 400, {
            type: "error",
            error: { type: "invalid_request_error", message: "messages and max_tokens are required" },
          });
        const a = respond(PERSONA, NAIVE, [{ role: "system", content: SHOPBOT_PROMPT }, ...asTurns(body.messages)], {
          maxTokens: Number(body.max_tokens),
        });
        res.setHeader("anthropic-ratelimit-requests-limit", "50");
        sendJson(res, 200, {
          id: nextId("msg_"),
          type: "message",
          role: "assistant",
          model: String(body.model ?? "claude-3-5-haiku-latest"),
          content: [
            { type: "text", text: a.text },
            ...a.toolCalls.map((t) => ({
              type: "tool_use",
              id: "toolu_1",
              name: t.name,
              input: JSON.parse(t.arguments),
            })),
          ],
          stop_reason: a.finish === "length" ? "max_tokens" : "end_turn",
          usage: { input_tokens: Math.ceil(req.body.length / 4), output_tokens: a.tokens },
        });
      },
    },
  ];
}

function ollamaRoutes(): Route[] {
  const reply = (req: LabRequest, res: ServerResponse, chat: boolean) => {
    const body = parse(req);
    if (!body?.model) return sendJson(res, 400, { error: "model is required" });
    const turns = chat ? asTurns(body.messages) : [{ role: "user" as const, content: String(body.prompt ?? "") }];
    const opts = (body.options ?? {}) as Json;
    const a = respond(PERSONA, NAIVE, [{ role: "system", content: SHOPBOT_PROMPT }, ...turns], {
      maxTokens: Number(opts.num_predict ?? 3000),
    });
    const stats = {
      done: true,
      done_reason: a.finish,
      total_duration: 1000,
      prompt_eval_count: Math.ceil(req.body.length / 4),
      eval_count: a.tokens,
    };
    const content = chat ? { message: { role: "assistant", content: a.text } } : { response: a.text };
    if (body.stream === false)
      return sendJson(res, 200, { model: body.model, created_at: "2026-11-26T00:00:00Z", ...content, ...stats });
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    for (const c of chunks(a.text))
      res.write(
        `${JSON.stringify({ model: body.model, ...(chat ? { message: { role: "assistant", content: c } } : { response: c }), done: false })}\n`,
      );
    res.end(
      `${JSON.stringify({ model: body.model, ...(chat ? { message: { role: "assistant", content: "" } } : { response: "" }), ...stats })}\n`,
    );
  };
  return [
    {
      method: "GET",
      path: "/api/tags",
      handler: (_req, res) => sendJson(res, 200, { models: [{ name: "llama3.1:8b", size: 4_700_000_000 }] }),
    },
    { method: "POST", path: "/api/chat", handler: (req, res) => reply(req, res, true) },
    { method: "POST", path: "/api/generate", handler: (req, res) => reply(req, res, false) },
  ];
}

function tgiRoutes(): Route[] {
  return [
    {
      method: "POST",
      path: "/generate",
      handler: (req, res) => {
        const body = parse(req);
        if (typeof body?.inputs !== "string") return sendJson(res, 422, { error: "inputs is required" });
        const a = respond(PERSONA, NAIVE, [{ role: "user", content: body.inputs }], {
          maxTokens: Number((body.parameters as Json | undefined)?.max_new_tokens ?? 20),
        });
        sendJson(res, 200, { generated_text: a.text });
      },
    },
  ];
}

function langserveRoutes(): Route[] {
  return [
    {
      method: "POST",
      path: "/chain/invoke",
      handler: (req, res) => {
        const body = parse(req);
        if (body?.input === undefined) return sendJson(res, 422, { detail: "input is required" });
        const a = respond(PERSONA, NAIVE, [{ role: "user", content: String(body.input) }]);
        sendJson(res, 200, { output: { content: a.text }, metadata: { run_id: "7d1c1f0e-lab", feedback_tokens: [] } });
      },
    },
  ];
}

function vercelRoutes(version: 4 | 5): Route[] {
  return [
    {
      method: "POST",
      path: "/api/chat",
      handler: (req, res) => {
        const body = parse(req);
        const turns = asTurns(body?.messages);
        if (turns.length === 0) return sendJson(res, 400, { error: "messages required" });
        const a = respond(PERSONA, NAIVE, [{ role: "system", content: SHOPBOT_PROMPT }, ...turns]);
        if (version === 4) {
          res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "x-vercel-ai-data-stream": "v1" });
          res.write(`f:${JSON.stringify({ messageId: "msg-lab" })}\n`);
          for (const c of chunks(a.text)) res.write(`0:${JSON.stringify(c)}\n`);
          for (const t of a.toolCalls)
            res.write(
              `9:${JSON.stringify({ toolCallId: "call_1", toolName: t.name, args: JSON.parse(t.arguments) })}\n`,
            );
          res.end(
            `d:${JSON.stringify({ finishReason: "stop", usage: { promptTokens: 20, completionTokens: a.tokens } })}\n`,
          );
          return;
        }
        sse(
          res,
          [
            { type: "start", messageId: "msg-lab" },
            { type: "text-start", id: "t1" },
            ...chunks(a.text).map((delta) => ({ type: "text-delta", id: "t1", delta })),
            { type: "text-end", id: "t1" },
            ...a.toolCalls.map((t) => ({
              type: "tool-input-available",
              toolCallId: "call_1",
              toolName: t.name,
              input: JSON.parse(t.arguments),
            })),
            { type: "finish" },
          ],
          { "x-vercel-ai-ui-message-stream": "v1" },
        );
      },
    },
  ];
}

export const startAnthropicBot = () => serve(anthropicRoutes(), "/v1/messages");
export const startOllamaBot = () => serve(ollamaRoutes(), "/api/chat");
export const startTgiBot = () => serve(tgiRoutes(), "/generate");
export const startLangServeBot = () => serve(langserveRoutes(), "/chain/invoke");
export const startVercelBot = (version: 4 | 5) => serve(vercelRoutes(version), "/api/chat");

/** A judge model for --judge-url tests: says "complied" when the output adopts a persona, or emits garbage. */
export function startLabJudge(mode: "sane" | "malformed"): Promise<LlmLab> {
  return serve(
    [
      {
        method: "POST",
        path: "/v1/chat/completions",
        handler: (req, res) => {
          const body = parse(req);
          const user = String(((body?.messages as Json[] | undefined) ?? []).at(-1)?.content ?? "");
          const output = /<Output>([\s\S]*)<\/Output>/.exec(user)?.[1] ?? "";
          const content =
            mode === "malformed"
              ? "I think it probably complied, maybe."
              : JSON.stringify({
                  complied: /\b(DAN|Rex|developer mode)\b|rules no longer apply/i.test(output),
                  reason: "persona words in output",
                });
          sendJson(res, 200, {
            id: "judge",
            object: "chat.completion",
            model: "lab-judge",
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          });
        },
      },
    ],
    "/v1/chat/completions",
  );
}
