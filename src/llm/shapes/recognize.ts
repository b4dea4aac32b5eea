/**
 * Recognition: from the scanned URL alone, find out whether an LLM answers there and which
 * wire format it speaks. Known paths select their driver directly; a bare origin is looked up
 * through `/v1/models` and `/api/tags`; an unknown chat-looking path gets one benign message
 * per candidate request field until the answer comes back. Plain REST resources cost one GET.
 */
import { type CheckHttp, type Exchange, jsonOf, textOf } from "../../engine/http.js";
import { createRng } from "../../engine/rng.js";
import type { LlmOptions } from "../options.js";
import { detectProvider, GENERIC_MODELS } from "../providers.js";
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
/** POSTs recognition may spend on candidate shapes, models and the follow test (plus two discovery GETs). */
const MAX_POSTS = 11;
export const RECOGNITION_MAX_REQUESTS = MAX_POSTS + 2;
/** Model ids tried on a gateway that needs one and lists none. */
const MAX_MODEL_TRIES = 3;
const NONCE_ALPHABET = "bcdfghjkmnpqrvwxz";

/**
 * "Does the answer follow the input?": asks for a random word in capital letters, several
 * phrasings. A model writes the upper-cased word; a field the server ignores, a canned reply
 * or an echo of the request never contains it (the request holds the word in lower case).
 */
const FOLLOW_PHRASINGS = [
  (w: string) => `Reply with only the word ${w} written in capital letters.`,
  (w: string) => `Please answer with just this word in upper case: ${w}`,
  (w: string) => `Réponds seulement avec le mot ${w} en majuscules.`,
];

const CHAT_LIKE =
  /(chat|ask|assist|bot|llm|\bai\b|gpt|complet|generat|prompt|conversation|query|question|agent|rag|copilot|invoke|message)/i;

export interface Recognition {
  shape?: LlmShape;
  baseline?: { prompt: string; reply: LlmReply; exchange: Exchange };
  listedModels: string[];
  reason?: string;
  /** Every attempt and what came of it, for the report. */
  tried: string[];
}

interface Candidate {
  kind: ShapeKind;
  path: string;
  template?: unknown;
  historyField?: string;
  model?: string;
  via: string;
}

export interface RecognitionContext {
  seed: number;
  /** The scan carries credentials of its own (then a refused request is not retried with a made-up bearer). */
  hasCredentials: boolean;
  host: string;
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

function shapeFrom(c: Candidate, reply: LlmReply, x: Exchange, evidence: string[]): LlmShape {
  let kind = c.kind;
  // One Vercel body fits both generations; the response says which one answered.
  if (kind === "vercel-ai-v5" && x.headers["x-vercel-ai-data-stream"]) kind = "vercel-ai-v4";
  const json = jsonOf(x);
  const custom = kind === "custom-json";
  const requestFields = custom && c.template && typeof c.template === "object" ? Object.keys(c.template) : [];
  const model = c.model ?? reply.model;
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
    answers: evidence.length > 0 || answersByItself(reply.text, BENIGN_PROMPT),
    ...(evidence.length ? { evidence } : {}),
    via: c.via,
  };
}

/** True when the reply says something of its own (three or more words not taken from the prompt). */
export function answersByItself(reply: string, prompt: string): boolean {
  return words(novelText(reply, [prompt], 3)).length >= 3;
}

/** Response headers only an LLM provider or LLM SDK sends. */
const PROVIDER_HEADER =
  /^(openai-|anthropic-|x-groq-|x-together-|x-litellm-|x-portkey-|helicone-|x-vercel-ai-)|^x-ratelimit-(limit|remaining)-tokens|^x-tokenlimit-/;

/** What in a reply shows a model answered: model id, token usage, finish reason, a token stream, provider headers. */
export function llmEvidence(reply: LlmReply, x: Exchange): string[] {
  const evidence: string[] = [];
  if (reply.model) evidence.push(`model "${reply.model}"`);
  const u = reply.usage;
  if (u && (u.completionTokens || u.promptTokens || u.totalTokens)) evidence.push("token usage");
  if (reply.finishReason) evidence.push(`finish reason "${reply.finishReason}"`);
  if (reply.streamed && /^data: /m.test(textOf(x))) evidence.push("token stream");
  const headers = Object.keys(x.headers).filter((h) => PROVIDER_HEADER.test(h));
  if (headers.length) evidence.push(`provider headers (${headers.sort().join(", ")})`);
  return evidence;
}

const needsModel = (kind: ShapeKind) =>
  ["openai-chat", "openai-completions", "anthropic-messages", "ollama-chat", "ollama-generate"].includes(kind);

/** Model ids an error message offers ("available models: a, b"; "one of [a, b]"). */
export function modelsFromError(text: string): string[] {
  const m =
    /(?:available|supported|valid|allowed)[^:\n]{0,30}(?:models?|ids?|values?)?\s*(?:are|is|:|one of)\s*\[?([^\]\n"}]+)/i.exec(
      text,
    );
  if (!m) return [];
  return m[1]
    .split(/[,\s]+/)
    .map((t) => t.replace(/^[`'"]|[`'".;)]+$/g, ""))
    .filter((t) => /^[\w./:-]{3,}$/.test(t) && /[\d-]/.test(t));
}

/** The models to try, in order: the error text's, then the provider's well-known ids, then a generic short list. */
function modelsToTry(x: Exchange, host: string): { id: string; from: string }[] {
  const text = textOf(x);
  const fromError = modelsFromError(text).map((id) => ({ id, from: "the error text" }));
  const headerText = Object.entries(x.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  const provider = detectProvider(`${host}\n${headerText}\n${text}`);
  const known = (provider?.models ?? GENERIC_MODELS).map((id) => ({
    id,
    from: provider ? `well-known ${provider.name} ids` : "well-known ids",
  }));
  const seen = new Set<string>();
  return [...fromError, ...known].filter((m) => !seen.has(m.id) && seen.add(m.id)).slice(0, MAX_MODEL_TRIES);
}

/** The error names `model` as missing or unknown. */
const MODEL_ERROR = /\bmodel\b/i;

export async function recognise(
  http: CheckHttp,
  targetUrl: URL,
  opts: LlmOptions,
  rc: RecognitionContext = { seed: 1, hasCredentials: false, host: targetUrl.hostname },
): Promise<Recognition> {
  const listedModels: string[] = [];
  const pathname = targetUrl.pathname;
  const base = pathname.replace(/\/(v1\/)?(chat\/completions|completions|messages|models)\/?$/, "").replace(/\/+$/, "");
  const run = (candidates: Candidate[], model: string | undefined) =>
    attempt(http, candidates, model, listedModels, opts, rc);

  if (opts.request !== undefined) {
    const c: Candidate = {
      kind: "custom-json",
      path: pathname + targetUrl.search,
      template: opts.request,
      via: "--llm-request",
    };
    return run([c], opts.model);
  }

  // Keep the query (e.g. `?api-version=…`) on every call to the scanned path.
  let candidates = candidatesForPath(pathname).map((c) => ({ ...c, path: c.path + targetUrl.search }));
  let model = opts.model;
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
    model ??= ids[0];
    if (rootLike) candidates = [{ kind: "openai-chat", path: `${base}/v1/chat/completions`, via: "/v1/models" }];
  } else if (names.length) {
    model ??= names[0];
    if (rootLike) candidates = [{ kind: "ollama-chat", path: "/api/chat", via: "/api/tags" }];
  }
  if (wantsOllama && !names.length) candidates = candidates.filter((c) => !c.kind.startsWith("ollama"));
  if (rootLike && (!candidates.length || candidates[0].kind === "custom-json"))
    return {
      listedModels,
      tried: ["GET /v1/models", "GET /api/tags"],
      reason: "no LLM API found at the origin (/v1/models, /api/tags): scan the chat route itself",
    };

  const known = candidates[0]?.kind !== "custom-json";
  if (!known && !CHAT_LIKE.test(pathname.split("/").slice(-2).join("/"))) {
    // An unknown path that is not named like a chat route: only a GET, and POST only if GET is refused.
    const probe = await http.get(pathname + targetUrl.search).catch(() => undefined);
    if (!probe || (probe.status >= 200 && probe.status < 300) || probe.status === 401 || probe.status === 403)
      return {
        listedModels,
        tried: [`GET ${pathname}`],
        reason: `${pathname} looks like a plain API resource (pass --llm-request to probe it as an LLM route)`,
      };
  }
  return run(candidates, model);
}

/** A spec operation whose request body has a prompt-like field: an LLM candidate. */
export interface SpecCandidate {
  path: string;
  field: string;
}

const PROMPT_LIKE = new Set<string>([
  ...REQUEST_FIELDS,
  "inputs",
  "user_input",
  "chat_input",
  "user_message",
  "utterance",
]);

/** POST operations of a spec whose JSON body names a messages/prompt-like field, most chat-like first. */
export function specCandidates(
  operations: readonly { method: string; path: string; requestBody?: { schema?: Record<string, unknown> } }[],
): SpecCandidate[] {
  const out: SpecCandidate[] = [];
  for (const op of operations) {
    if (op.method.toUpperCase() !== "POST" || op.path.includes("{")) continue;
    const props = op.requestBody?.schema?.properties;
    if (!props || typeof props !== "object") continue;
    const field = Object.keys(props).find((k) => PROMPT_LIKE.has(k));
    if (field) out.push({ path: op.path, field });
  }
  return out.sort((a, b) => Number(CHAT_LIKE.test(b.path)) - Number(CHAT_LIKE.test(a.path)));
}

/** Recognition on one spec operation: its path's known shape, else its prompt field as a home-made route. */
export function recogniseSpecOperation(
  http: CheckHttp,
  c: SpecCandidate,
  opts: LlmOptions,
  rc: RecognitionContext,
): Promise<Recognition> {
  const via = `spec operation POST ${c.path}`;
  const known = candidatesForPath(c.path).filter((k) => k.kind !== "custom-json" && !k.kind.startsWith("ollama"));
  const candidate: Candidate =
    c.field === "messages"
      ? { kind: "custom-json", path: c.path, template: {}, historyField: "messages", via: `${via} (messages[])` }
      : { kind: "custom-json", path: c.path, template: { [c.field]: PROMPT_PLACEHOLDER }, via: `${via} (${c.field})` };
  return attempt(http, [...known.map((k) => ({ ...k, via })), candidate], opts.model, [], opts, rc);
}

async function getJson(http: CheckHttp, path: string): Promise<unknown> {
  try {
    const x = await http.get(path);
    return x.status >= 200 && x.status < 300 ? jsonOf(x) : undefined;
  } catch {
    return undefined;
  }
}

/** What an attempt is called in the report: the shape, the field, the model. */
function label(c: Candidate): string {
  const model = c.model && !c.via.includes("model from") ? ` with model ${c.model}` : "";
  return `${c.kind === "custom-json" ? c.via : `${c.kind} (${c.via})`}${model}`;
}

interface Answered {
  c: Candidate;
  reply: LlmReply;
  x: Exchange;
}

async function attempt(
  http: CheckHttp,
  candidates: Candidate[],
  model: string | undefined,
  listedModels: string[],
  opts: LlmOptions,
  rc: RecognitionContext,
): Promise<Recognition> {
  const rng = createRng(rc.seed, "llm-recognition");
  const queue = candidates.map((c) => ({ ...c, model: c.model ?? model }));
  const tried: string[] = [];
  const texts = new Set<string>();
  let headers: Record<string, string> | undefined;
  let canned: Answered | undefined;
  let modelTries = 0;
  let sawModelError = false;
  let reason = "no candidate request shape got an answer";
  const fail = (why: string, hint: string): Recognition => ({
    listedModels,
    tried,
    reason: `${why} (tried: ${tried.join("; ")}); ${hint}`,
  });
  const hintFor = (kind: ShapeKind) =>
    kind === "custom-json"
      ? `pass --llm-request '{"<field>": "${PROMPT_PLACEHOLDER}"}' and --llm-response '$.<reply path>'`
      : sawModelError
        ? "pass --llm-model <id>"
        : "pass --llm-request and --llm-response to describe the route";
  const send = async (c: Candidate, prompt: string) => {
    const probeShape: LlmShape = {
      kind: c.kind,
      path: c.path,
      ...(c.model ? { model: c.model } : {}),
      template: c.template,
      historyField: c.historyField,
      ...(opts.response ? { replyPath: normaliseReplyPath(opts.response) } : {}),
      ...(headers ? { headers } : {}),
      takesParams: false,
      answers: true,
      via: c.via,
    };
    const spec = buildRequest(probeShape, { turns: [{ role: "user", content: prompt }], params: smallOutput(c) });
    const x = await http.request(spec);
    const reply =
      x.status < 300
        ? (parseReply(probeShape, x) ??
          (c.kind === "vercel-ai-v5" ? parseReply({ ...probeShape, kind: "vercel-ai-v4" }, x) : undefined))
        : undefined;
    return { x, reply, sent: String(spec.body) };
  };
  const accept = (a: Answered, evidence: string[], note?: string): Recognition => {
    const shape = shapeFrom(a.c, a.reply, a.x, evidence);
    if (opts.response) shape.replyPath = normaliseReplyPath(opts.response);
    if (note) shape.via += `; ${note}`;
    if (headers) {
      shape.headers = headers;
      shape.acceptsAnyBearer = true;
      shape.via += "; a made-up credential was accepted";
    }
    return { shape, listedModels, tried, baseline: { prompt: BENIGN_PROMPT, reply: a.reply, exchange: a.x } };
  };

  if (opts.dryRun) {
    const c = queue[0];
    if (c) {
      const spec = buildRequest(
        { kind: c.kind, path: c.path, template: c.template, takesParams: false, answers: true, via: c.via },
        { turns: [{ role: "user", content: BENIGN_PROMPT }] },
      );
      opts.print?.(`llm-recognition: POST ${c.path} ${spec.body}`);
    }
    return { listedModels, tried, reason: "dry run: nothing sent" };
  }

  type Sent = Awaited<ReturnType<typeof send>>;
  const followTest = (c: Candidate) => {
    const word = rng.token(7, NONCE_ALPHABET);
    posts++;
    const reply = send(c, rng.pick(FOLLOW_PHRASINGS)(word));
    reply.catch(() => undefined);
    return { c, word, reply };
  };
  let early: ReturnType<typeof followTest> | undefined;
  let posts = 0;
  while (queue.length && posts < MAX_POSTS) {
    const c = queue.shift()!;
    let r: Sent;
    try {
      posts++;
      const first = send(c, BENIGN_PROMPT);
      // The first home-made field is usually the right one: its follow test goes out alongside, saving a round.
      if (c.kind === "custom-json" && !early && !opts.dryRun) early = followTest(c);
      r = await first;
      if ((r.x.status === 401 || r.x.status === 403) && !rc.hasCredentials && !headers && posts < MAX_POSTS) {
        // A route that wants a credential: does it check the one it gets?
        const token = `rampart-${rng.token(24, NONCE_ALPHABET)}`;
        // Anthropic-style routes take their key in x-api-key; everything else in a bearer token.
        headers = c.kind === "anthropic-messages" ? { "x-api-key": token } : { authorization: `Bearer ${token}` };
        posts++;
        const again = await send(c, BENIGN_PROMPT);
        if (again.x.status === 401 || again.x.status === 403) headers = undefined;
        else r = again;
      }
    } catch (err) {
      tried.push(`${label(c)}: ${err instanceof Error ? err.message : String(err)}`);
      return fail("recognition stopped", hintFor(c.kind));
    }
    const { x, reply } = r;
    if (x.status === 401 || x.status === 403) {
      tried.push(`${label(c)}: status ${x.status}`);
      return {
        listedModels,
        tried,
        reason: `${c.path} requires authentication (status ${x.status})${rc.hasCredentials ? ": the credential given was refused" : ": pass one with -H 'Authorization: Bearer …'"}`,
      };
    }
    if (x.status >= 400) {
      const body = textOf(x);
      tried.push(`${label(c)}: status ${x.status}`);
      if (x.status === 429) {
        if (canned) break;
        return fail(`${c.path} is rate limiting the scan (429)`, "scan again later or with a lower --rps");
      }
      if (needsModel(c.kind) && MODEL_ERROR.test(body) && [400, 404, 422].includes(x.status)) {
        // A gateway that needs a model (or does not serve this one): try the ids it names, then well-known ones.
        sawModelError = true;
        if (modelTries === 0 && !opts.model) {
          const next = modelsToTry(x, rc.host).map((m) => ({
            ...c,
            model: m.id,
            via: `${c.via}; model from ${m.from}`,
          }));
          modelTries = next.length;
          queue.unshift(...next);
        }
        reason = `${c.path} needs a model it accepts`;
        continue;
      }
      if (x.status === 404 && c.kind !== "custom-json") return fail(`${c.path} answered 404`, hintFor(c.kind));
      if (x.status === 404 && !canned && tried.length === 1) return fail(`${c.path} answered 404`, hintFor(c.kind));
      const hints = fieldHints(body);
      // The error names the field that already answered: that is the route's field, with a canned answer.
      if (canned && hints.some((h) => hintOf(canned!.c, [h]))) break;
      queue.sort((a, b) => Number(hintOf(b, hints)) - Number(hintOf(a, hints)));
      continue;
    }
    if (!reply?.text.trim()) {
      tried.push(`${label(c)}: no reply text found`);
      reason = "no reply text found in the responses";
      continue;
    }
    const evidence = llmEvidence(reply, x);
    const answered: Answered = { c, reply, x };
    if (c.kind !== "custom-json") {
      tried.push(`${label(c)}: answered`);
      return accept(answered, evidence);
    }
    const key = words(reply.text).join(" ");
    if (evidence.length) {
      tried.push(`${label(c)}: answered with reply evidence`);
      return accept(answered, evidence, `reply evidence: ${evidence.join(", ")}`);
    }
    if (texts.has(key)) {
      // The same text as another field: this field is ignored too.
      tried.push(`${label(c)}: same text as an earlier field`);
      continue;
    }
    texts.add(key);
    if (!answersByItself(reply.text, BENIGN_PROMPT)) {
      tried.push(`${label(c)}: only reflects the message`);
      canned ??= answered;
      continue;
    }
    const test = early?.c === c ? early : followTest(c);
    const word = test.word;
    let follow: Sent;
    try {
      follow = await test.reply;
    } catch {
      tried.push(`${label(c)}: answered (follow test not sent)`);
      return accept(answered, evidence);
    }
    if (!follow.reply) {
      // Rate limited or refused: the follow test proves nothing either way; the first answer stands.
      tried.push(`${label(c)}: answered (follow test got status ${follow.x.status})`);
      return accept(answered, evidence);
    }
    const expected = word.toUpperCase();
    const followText = follow.reply.text;
    if (followText.includes(expected) && !follow.sent.includes(expected)) {
      tried.push(`${label(c)}: answered and followed the input`);
      return accept(answered, llmEvidence(follow.reply!, follow.x), "follows the input");
    }
    if (followText && words(followText).join(" ") !== key) {
      tried.push(`${label(c)}: answered, differently to a different message`);
      return accept(answered, evidence);
    }
    tried.push(`${label(c)}: the same text to a different message`);
    canned ??= answered;
  }
  if (canned) {
    const a = canned;
    const reflects = !answersByItself(a.reply.text, BENIGN_PROMPT);
    const r = accept(
      a,
      [],
      reflects ? "only reflects its input" : "same text whatever it is asked (canned or topic-locked)",
    );
    r.shape!.answers = !reflects;
    if (!reflects) r.shape!.canned = true;
    return r;
  }
  return fail(reason, hintFor(candidates[0]?.kind ?? "custom-json"));
}

/** Recognition asks for few output tokens where the shape takes the parameter. */
function smallOutput(c: Candidate): Record<string, unknown> | undefined {
  return needsModel(c.kind) ? { max_tokens: 64 } : undefined;
}

function hintOf(c: Candidate, hints: string[]): boolean {
  return c.historyField
    ? hints.includes(c.historyField)
    : hints.some((h) => c.template && typeof c.template === "object" && h in c.template);
}
