/**
 * Recognition: from the scanned URL alone, find out whether an LLM answers there and which
 * wire format it speaks. Known paths select their driver directly; a bare origin is looked up
 * through `/v1/models` and `/api/tags`; an unknown chat-looking path gets one benign message
 * per candidate request field until the answer comes back. Plain REST resources cost one GET.
 */
import { type CheckHttp, type Exchange, jsonOf, textOf } from "../../engine/http.js";
import type { LlmOptions } from "../options.js";
import { novelText, words } from "../text.js";
import type { LlmReply, LlmShape, ShapeKind } from "../types.js";
import {
  DOCUMENT_FIELDS,
  findReplyPath,
  normaliseReplyPath,
  PROMPT_PLACEHOLDER,
  REQUEST_FIELDS,
  SESSION_FIELDS,
} from "./custom.js";
import { getPath } from "./drivers.js";
import { buildRequest, parseReply } from "./index.js";

export const BENIGN_PROMPT = "Hello! In one short sentence, what can you help me with today?";
/** A second benign message for home-made JSON: a model answers it differently, a fixed-text server does not. */
export const CONFIRM_PROMPT = "Please reply with just the word OK.";
/** POSTs recognition may spend on candidate shapes (plus at most two discovery GETs). */
const MAX_ATTEMPTS = 4;
export const RECOGNITION_MAX_REQUESTS = MAX_ATTEMPTS + 4;

const CHAT_LIKE =
  /(chat|ask|assist|bot|llm|\bai\b|gpt|complet|generat|prompt|conversation|query|question|agent|rag|copilot|invoke|message)/i;

export interface Recognition {
  shape?: LlmShape;
  baseline?: { prompt: string; reply: LlmReply; exchange: Exchange };
  listedModels: string[];
  reason?: string;
}

interface Candidate {
  kind: ShapeKind;
  path: string;
  template?: unknown;
  historyField?: string;
  via: string;
}

/** Drivers suggested by the path alone, most specific first. */
export function candidatesForPath(pathname: string): Candidate[] {
  const p = pathname.replace(/\/+$/, "");
  const at = (kind: ShapeKind, via: string): Candidate => ({ kind, path: p, via });
  if (/\/chat\/completions$/.test(p)) return [at("openai-chat", "path")];
  if (/\/completions$/.test(p)) return [at("openai-completions", "path")];
  if (/\/v1\/messages$/.test(p)) return [at("anthropic-messages", "path")];
  if (/\/api\/generate$/.test(p)) return [at("ollama-generate", "path"), ...customCandidates(p)];
  if (/\/generate(_stream)?$/.test(p)) return [at("tgi-generate", "path")];
  if (/\/invoke$/.test(p)) return [at("langserve-invoke", "path")];
  if (/\/api\/chat$/.test(p)) return [at("ollama-chat", "path"), at("vercel-ai-v5", "path"), ...customCandidates(p)];
  return customCandidates(p);
}

function customCandidates(path: string): Candidate[] {
  return REQUEST_FIELDS.map((field) =>
    field === "messages"
      ? { kind: "custom-json" as const, path, template: {}, historyField: "messages", via: "request field messages[]" }
      : {
          kind: "custom-json" as const,
          path,
          template: { [field]: PROMPT_PLACEHOLDER },
          via: `request field ${field}`,
        },
  );
}

/** Request-field names an error message mentions ("question is required"), to try them first. */
export function fieldHints(errorBody: string): string[] {
  // A field named in the text, not a JSON key of the error envelope itself ({"message": ...}).
  return REQUEST_FIELDS.filter((f) => new RegExp(`(?<![\\w-])${f}(?![\\w-])(?!\\\\?"\\s*:)`, "i").test(errorBody));
}

function shapeFrom(c: Candidate, model: string | undefined, reply: LlmReply, x: Exchange): LlmShape {
  let kind = c.kind;
  // One Vercel body fits both generations; the response says which one answered.
  if (kind === "vercel-ai-v5" && x.headers["x-vercel-ai-data-stream"]) kind = "vercel-ai-v4";
  const json = jsonOf(x);
  const custom = kind === "custom-json";
  const requestFields = custom && c.template && typeof c.template === "object" ? Object.keys(c.template) : [];
  return {
    kind,
    path: c.path,
    ...(model ? { model } : {}),
    ...(custom ? { template: c.template, replyPath: findReplyPath(json) } : {}),
    ...(c.historyField ? { historyField: c.historyField } : {}),
    ...(custom ? { sessionField: SESSION_FIELDS.find((f) => getPath(json, f) !== undefined) } : {}),
    ...(custom ? { documentField: DOCUMENT_FIELDS.find((f) => requestFields.includes(f)) } : {}),
    takesParams: ["openai-chat", "openai-completions", "anthropic-messages", "ollama-chat", "ollama-generate"].includes(
      kind,
    ),
    answers: answersByItself(reply.text, BENIGN_PROMPT),
    via: c.via,
  };
}

/** True when the reply says something of its own (three or more words not taken from the prompt). */
export function answersByItself(reply: string, prompt: string): boolean {
  return words(novelText(reply, [prompt], 3)).length >= 3;
}

export async function recognise(http: CheckHttp, targetUrl: URL, opts: LlmOptions): Promise<Recognition> {
  const listedModels: string[] = [];
  const pathname = targetUrl.pathname;
  const base = pathname.replace(/\/(v1\/)?(chat\/completions|completions|messages|models)\/?$/, "").replace(/\/+$/, "");

  if (opts.request !== undefined) {
    const c: Candidate = {
      kind: "custom-json",
      path: pathname + targetUrl.search,
      template: opts.request,
      via: "--llm-request",
    };
    return attempt(http, [c], undefined, listedModels, opts);
  }

  // Keep the query (e.g. `?api-version=…`) on every call to the scanned path.
  let candidates = candidatesForPath(pathname).map((c) => ({ ...c, path: c.path + targetUrl.search }));
  let model: string | undefined;
  const rootLike = /^\/?(v1|api)?\/?$/.test(pathname);
  const wantsOpenAiModel = candidates.some((c) =>
    ["openai-chat", "openai-completions", "anthropic-messages"].includes(c.kind),
  );
  const wantsOllama = candidates.some((c) => c.kind.startsWith("ollama"));

  // Discovery GETs run together: a slow or hanging host costs one timeout, not two.
  const [models, tags] = await Promise.all([
    rootLike || wantsOpenAiModel ? getJson(http, `${base}/v1/models`) : undefined,
    rootLike || wantsOllama ? getJson(http, `${rootLike ? base : ""}/api/tags`) : undefined,
  ]);
  const ids = ((models as { data?: { id?: unknown }[] } | undefined)?.data ?? [])
    .map((m) => String(m.id ?? ""))
    .filter(Boolean);
  const names = ((tags as { models?: { name?: unknown }[] } | undefined)?.models ?? [])
    .map((m) => String(m.name ?? ""))
    .filter(Boolean);
  listedModels.push(...ids, ...names);
  if (ids.length && (rootLike || wantsOpenAiModel)) {
    model = ids[0];
    if (rootLike) candidates = [{ kind: "openai-chat", path: `${base}/v1/chat/completions`, via: "/v1/models" }];
  } else if (names.length) {
    model = names[0];
    if (rootLike) candidates = [{ kind: "ollama-chat", path: "/api/chat", via: "/api/tags" }];
  }
  if (wantsOllama && !names.length) candidates = candidates.filter((c) => !c.kind.startsWith("ollama"));
  if (rootLike && (!candidates.length || candidates[0].kind === "custom-json"))
    return { listedModels, reason: "no LLM API found at the origin (/v1/models, /api/tags)" };

  const known = candidates[0]?.kind !== "custom-json";
  if (!known && !CHAT_LIKE.test(pathname.split("/").slice(-2).join("/"))) {
    // An unknown path that is not named like a chat route: only a GET, and POST only if GET is refused.
    const probe = await http.get(pathname + targetUrl.search).catch(() => undefined);
    if (!probe || (probe.status >= 200 && probe.status < 300) || probe.status === 401 || probe.status === 403)
      return { listedModels, reason: `${pathname} looks like a plain API resource` };
  }
  return attempt(http, candidates, model, listedModels, opts);
}

async function getJson(http: CheckHttp, path: string): Promise<unknown> {
  try {
    const x = await http.get(path);
    return x.status >= 200 && x.status < 300 ? jsonOf(x) : undefined;
  } catch {
    return undefined;
  }
}

async function attempt(
  http: CheckHttp,
  candidates: Candidate[],
  model: string | undefined,
  listedModels: string[],
  opts: LlmOptions,
): Promise<Recognition> {
  const queue = candidates.slice();
  let reason = "no candidate request shape got an answer";
  for (let tries = 0; tries < MAX_ATTEMPTS && queue.length; tries++) {
    const c = queue.shift()!;
    const probeShape: LlmShape = {
      kind: c.kind,
      path: c.path,
      ...(model ? { model } : {}),
      template: c.template,
      historyField: c.historyField,
      ...(opts.response ? { replyPath: normaliseReplyPath(opts.response) } : {}),
      takesParams: false,
      answers: true,
      via: c.via,
    };
    const spec = buildRequest(probeShape, { turns: [{ role: "user", content: BENIGN_PROMPT }] });
    if (opts.dryRun) {
      opts.print?.(`llm-recognition: POST ${c.path} ${spec.body}`);
      return { listedModels, reason: "dry run: nothing sent" };
    }
    let x: Exchange;
    try {
      x = await http.request(spec);
    } catch (err) {
      return { listedModels, reason: err instanceof Error ? err.message : String(err) };
    }
    if (x.status === 401 || x.status === 403)
      return { listedModels, reason: `${c.path} requires authentication (status ${x.status})` };
    if (x.status === 404) return { listedModels, reason: `${c.path} answered 404` };
    if (x.status >= 400) {
      reason = `${c.via}: status ${x.status}`;
      const hints = fieldHints(textOf(x));
      queue.sort((a, b) => Number(hintOf(b, hints)) - Number(hintOf(a, hints)));
      continue;
    }
    const reply =
      parseReply(probeShape, x) ??
      (c.kind === "vercel-ai-v5" ? parseReply({ ...probeShape, kind: "vercel-ai-v4" }, x) : undefined);
    if (!reply?.text.trim()) {
      reason = `${c.via}: no reply text found`;
      continue;
    }
    const shape = shapeFrom(c, model ?? reply.model, reply, x);
    if (opts.response) shape.replyPath = normaliseReplyPath(opts.response);
    if (shape.kind === "custom-json" && shape.answers && !(await answersDifferently(http, shape, reply.text))) {
      // A server that returns the same text whatever it is sent is not a model.
      shape.answers = false;
      shape.via += "; same answer to a different message";
    }
    return { shape, listedModels, baseline: { prompt: BENIGN_PROMPT, reply, exchange: x } };
  }
  return { listedModels, reason };
}

async function answersDifferently(http: CheckHttp, shape: LlmShape, first: string): Promise<boolean> {
  try {
    const x = await http.request(buildRequest(shape, { turns: [{ role: "user", content: CONFIRM_PROMPT }] }));
    const again = parseReply(shape, x)?.text;
    return again === undefined || words(again).join(" ") !== words(first).join(" ");
  } catch {
    return true;
  }
}

function hintOf(c: Candidate, hints: string[]): boolean {
  return c.historyField
    ? hints.includes(c.historyField)
    : hints.some((h) => c.template && typeof c.template === "object" && h in c.template);
}
