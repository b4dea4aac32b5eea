/** The vocabulary shared by LLM recognition, drivers, probes and verdicts. */

export const TIERS = ["quick", "standard", "deep"] as const;
export type Tier = (typeof TIERS)[number];

export type ShapeKind =
  | "openai-chat"
  | "openai-completions"
  | "anthropic-messages"
  | "ollama-chat"
  | "ollama-generate"
  | "tgi-generate"
  | "langserve-invoke"
  | "vercel-ai-v4"
  | "vercel-ai-v5"
  | "custom-json";

export interface Turn {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One logical call to the model: the conversation (last turn from the user) and optional API parameters. */
export interface LlmCall {
  turns: Turn[];
  /** Request fields beyond the conversation (max_tokens, model, n, tools...), for shapes that take them. */
  params?: Record<string, unknown>;
  /** Text for a document/context field when the endpoint has one (indirect injection). */
  document?: string;
  /** Session id to continue a server-side conversation. */
  sessionId?: string;
}

/** What recognition learned about the endpoint; every driver call is built from it. */
export interface LlmShape {
  kind: ShapeKind;
  /** Path (with query) the calls are POSTed to. */
  path: string;
  /** Model name to send when the shape requires one (Ollama, OpenAI, Anthropic). */
  model?: string;
  /** custom-json: request body template with the string "{{prompt}}" where the prompt goes. */
  template?: unknown;
  /** custom-json: dotted path of the reply in the response (e.g. `answer`, `choices.0.message.content`). */
  replyPath?: string;
  /** custom-json: a field holding an array of {role, content} turns (history style). */
  historyField?: string;
  /** custom-json: response field carrying a server-side session id (session style). */
  sessionField?: string;
  /** custom-json: request field for a document / context / URL (indirect injection). */
  documentField?: string;
  /** The shape accepts OpenAI-style API parameters (max_tokens, model, n...). */
  takesParams: boolean;
  /** The endpoint answered with text of its own (false: it only reflects what it was sent). */
  answers: boolean;
  /** Same text whatever it was asked (canned or topic-locked), with no reply evidence of a model: probed anyway. */
  canned?: boolean;
  /** What in the replies shows a model (model id, token usage, finish reason, token stream, provider headers). */
  evidence?: string[];
  /** Headers every call carries (a made-up bearer the endpoint accepted when the scan had no credential). */
  headers?: Record<string, string>;
  /** The route accepted a made-up bearer token. */
  acceptsAnyBearer?: boolean;
  /** How the shape was found, for the report. */
  via: string;
}

/** The parsed answer of one call. */
export interface LlmReply {
  text: string;
  model?: string;
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number };
  toolCalls: { name: string; arguments: string }[];
  choices: number;
  finishReason?: string;
  /** Together-style `prompt` field returned by `echo: true`. */
  echoedPrompt?: string;
  logprobs: boolean;
  sessionId?: string;
  streamed: boolean;
  /** The parsed JSON body (last JSON object for streams), for shape-specific checks. */
  json?: unknown;
}

/** How a probe ended. Errors and rate limiting are never `resisted`. */
export type ProbeVerdict = "vulnerable" | "resisted" | "inconclusive" | "error";
