/**
 * `--dry-run`: every payload the LLM suite would send, built by the real checks against the
 * shape the URL suggests (or `--llm-request`), printed and never sent. The checks run with a
 * context whose HTTP client refuses to send, and the session prints instead of calling it.
 */
import { type Check, type CheckContext, credentialHeadersOf } from "../engine/check.js";
import { DEFAULT_LIMITS, HttpError } from "../engine/http.js";
import { createRng } from "../engine/rng.js";
import { Artefacts } from "../engine/seams.js";
import { parseTargetUrl, targetFromUrl } from "../engine/target.js";
import { type LlmOptions, llmOption } from "./options.js";
import { candidatesForPath } from "./shapes/recognize.js";
import { initLlmState } from "./state.js";
import type { LlmShape } from "./types.js";

export function guessShape(url: URL, opts: Pick<LlmOptions, "request" | "response">): LlmShape {
  const base = { takesParams: false, answers: true };
  if (opts.request !== undefined)
    return {
      ...base,
      kind: "custom-json",
      path: url.pathname + url.search,
      template: opts.request,
      replyPath: opts.response,
      via: "--llm-request",
    };
  const rootLike = /^\/?(v1|api)?\/?$/.test(url.pathname);
  const first = rootLike
    ? { kind: "openai-chat" as const, path: "/v1/chat/completions", template: undefined }
    : candidatesForPath(url.pathname)[0];
  const takesParams = [
    "openai-chat",
    "openai-completions",
    "anthropic-messages",
    "ollama-chat",
    "ollama-generate",
  ].includes(first.kind);
  return {
    ...base,
    kind: first.kind,
    path: first.path,
    template: first.template,
    takesParams,
    via: "dry run: guessed from the URL",
  };
}

export async function dryRunPayloads(
  url: string,
  opts: LlmOptions,
  seed: number,
  checks: readonly Check[],
): Promise<string[]> {
  const target = targetFromUrl(parseTargetUrl(url));
  const artefacts = new Artefacts();
  const layers = llmOption.entry({ ...opts, dryRun: true });
  const state = initLlmState(artefacts);
  state.shape = guessShape(target.url, opts);
  const lines: string[] = [
    `llm-recognition: would recognise ${url} as ${state.shape.kind} at ${state.shape.path} (${state.shape.via})`,
  ];
  opts.print?.(lines[0]);
  const refuse = async (): Promise<never> => {
    throw new HttpError("budget", "dry run: nothing is sent");
  };
  for (const check of checks.filter((c) => c.meta.category === "llm" && c.meta.phase !== "passive")) {
    const ctx: CheckContext = {
      meta: check.meta,
      target,
      http: { request: refuse, get: refuse, sent: 0, remaining: 0, origin: target.origin },
      rng: createRng(seed, check.meta.id),
      options: { seed, enabled: new Set(), layers },
      option: (key) => key.read(layers),
      artefacts,
      signal: new AbortController().signal,
      soft404: refuse,
      baseline: () => undefined,
      exchanges: () => [],
      report: () => undefined,
      inconclusive: () => undefined,
      skip: () => undefined,
      pass: () => undefined,
      redact: () => undefined,
      // A dry run has no client: no identity, nothing sent.
      identities: {
        has: () => false,
        credentialHeaders: () => credentialHeadersOf([]),
        headerNames: () => [],
        values: () => [],
      },
      scan: {
        limits: { ...DEFAULT_LIMITS, deadlineAt: Number.POSITIVE_INFINITY },
        requestsSent: 0,
        deadlineReached: false,
        requestsBy: () => 0,
      },
    };
    await check.run(ctx).catch(() => undefined);
  }
  return [...lines, ...state.dryRun];
}
