/**
 * checkInput: what a request may ask for before it costs anything. Size in characters, then in
 * tokens; the model allow-list; max_tokens and n clamped (or refused); caller fields that leak
 * or cost dropped; injection heuristics on the caller's turns.
 */
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { detectInjection, type InjectionMatch } from "../detect/injection/index.js";
import type { GuardPolicy } from "./config.js";
import type { Refusal } from "./openai.js";

export type Route = "chat" | "completions";

export interface AcceptedInput {
  ok: true;
  /** The body to forward: model set, limits applied, stripped fields removed. */
  body: Record<string, unknown>;
  model?: string;
  promptTokens: number;
  /** The most output tokens the request can now produce (max_tokens x n). */
  maxOutputTokens: number;
  /** What the guard changed, for the logs. */
  changes: string[];
  /** The caller's text (for prompt logging when asked). */
  promptText: string;
}

export type InputDecision = AcceptedInput | { ok: false; refusal: Refusal; injection?: InjectionMatch[] };

const refuse = (refusal: Refusal, injection?: InjectionMatch[]): InputDecision => ({ ok: false, refusal, injection });

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part) =>
        part && typeof part === "object" && "text" in part ? String((part as { text: unknown }).text) : "",
      )
      .join("\n");
  return "";
}

interface Turn {
  role: string;
  text: string;
}

function turnsOf(body: Record<string, unknown>, route: Route): Turn[] | string {
  if (route === "completions") {
    const prompt = body.prompt;
    if (typeof prompt === "string") return [{ role: "user", text: prompt }];
    if (Array.isArray(prompt) && prompt.every((p) => typeof p === "string"))
      return prompt.map((p) => ({ role: "user", text: p }));
    return "prompt is required (a string or an array of strings)";
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages is required (a non-empty array)";
  const turns: Turn[] = [];
  for (const m of body.messages) {
    if (!m || typeof m !== "object") return "every message is an object with a role";
    const msg = m as Record<string, unknown>;
    turns.push({ role: String(msg.role ?? ""), text: contentText(msg.content) });
  }
  return turns;
}

/** A whole number of at least 1, or undefined when absent; NaN marks a wrong type. */
function countField(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : Number.NaN;
}

export function checkInput(policy: GuardPolicy, raw: unknown, route: Route): InputDecision {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    return refuse({ status: 400, type: "invalid_request", message: "the request body must be a JSON object" });
  const body: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const changes: string[] = [];
  const turns = turnsOf(body, route);
  if (typeof turns === "string") return refuse({ status: 400, type: "invalid_request", message: turns });
  const limits = policy.limits;

  const chars = turns.reduce((n, t) => n + t.text.length, 0);
  if (chars > limits.max_input_chars)
    return refuse({
      status: 413,
      type: "request_too_large",
      message: `the prompt has ${chars} characters; this service accepts at most ${limits.max_input_chars}`,
      param: route === "chat" ? "messages" : "prompt",
    });
  const promptText = turns.map((t) => t.text).join("\n");
  const promptTokens = countTokens(promptText) + turns.length * 4;
  if (limits.max_input_tokens !== undefined && promptTokens > limits.max_input_tokens)
    return refuse({
      status: 413,
      type: "request_too_large",
      message: `the prompt has about ${promptTokens} tokens; this service accepts at most ${limits.max_input_tokens}`,
      param: route === "chat" ? "messages" : "prompt",
    });

  let model: string | undefined = typeof body.model === "string" ? body.model : undefined;
  if (body.model !== undefined && model === undefined)
    return refuse({ status: 400, type: "invalid_request", message: "model must be a string", param: "model" });
  if (limits.models) {
    if (model === undefined) {
      model = limits.models[0];
      body.model = model;
      changes.push(`model set to ${model}`);
    } else if (!limits.models.includes(model))
      return refuse({
        status: 400,
        type: "model_not_allowed",
        message: `the model ${JSON.stringify(model.slice(0, 80))} is not available here; allowed: ${limits.models.join(", ")}`,
        param: "model",
      });
  }

  const tokenField =
    body.max_completion_tokens !== undefined && body.max_tokens === undefined ? "max_completion_tokens" : "max_tokens";
  const capped: [string, number][] = [
    [tokenField, limits.max_tokens],
    ["n", limits.n],
  ];
  for (const [field, limit] of capped) {
    const asked = countField(body[field]);
    if (Number.isNaN(asked))
      return refuse({
        status: 400,
        type: "invalid_request",
        message: `${field} must be a whole number of at least 1`,
        param: field,
      });
    // An absent max_tokens lets the provider pick its default (2048 and more): set the cap explicitly.
    if (asked === undefined) {
      if (field !== "n") {
        body[field] = limit;
        changes.push(`${field} set to ${limit}`);
      }
      continue;
    }
    if (asked <= limit) continue;
    if (limits.over_limit === "refuse")
      return refuse({
        status: 400,
        type: "parameter_above_limit",
        message: `${field} ${asked} is above this service's limit of ${limit}`,
        param: field,
      });
    body[field] = limit;
    changes.push(`${field} ${asked} lowered to ${limit}`);
  }
  if (tokenField === "max_completion_tokens" && body.max_tokens !== undefined) delete body.max_tokens;
  // best_of multiplies generations on the legacy completions route like n does.
  if (countField(body.best_of) !== undefined && Number(body.best_of) > limits.n) {
    body.best_of = limits.n;
    changes.push(`best_of lowered to ${limits.n}`);
  }
  for (const field of limits.strip_params)
    if (field in body) {
      delete body[field];
      changes.push(`${field} dropped`);
    }

  if (policy.input.block_injection) {
    // The operator's own system turns are not the caller's words.
    const found = turns.filter((t) => t.role !== "system").flatMap((t) => detectInjection(t.text));
    if (found.length)
      return refuse(
        {
          status: 400,
          type: "prompt_injection",
          message: `the request was refused: it looks like a prompt-injection attempt (${[...new Set(found.map((f) => f.family))].join(", ")})`,
        },
        found,
      );
  }

  const maxTokens = Number(body[tokenField] ?? limits.max_tokens);
  const n = Number(body.n ?? 1);
  return { ok: true, body, model, promptTokens, maxOutputTokens: maxTokens * n, changes, promptText };
}
