/**
 * createGuardFetch: a `fetch` for OpenAI-compatible SDKs (`new OpenAI({ fetch })`,
 * `new Together({ fetch })`). Completion calls run the guard pipeline in-process; every other
 * call gets the guard's upstream key, retries and circuit breaker. The SDK's own key option can
 * hold a placeholder: the real key comes from the policy's environment variable or secret file.
 */

import type { GuardPolicy, GuardPolicyInput } from "./config.js";
import { createGuard, type Guard, type GuardOptions } from "./guard.js";
import type { Route } from "./input.js";
import { refusalResponse } from "./openai.js";

export interface GuardFetchOptions extends GuardOptions {
  /** A guard to share (its counters, logger and breaker); else one is made from `policy`. */
  guard?: Guard;
  policy?: GuardPolicyInput | GuardPolicy;
  /** Who is calling, for per-key limits (a user id); default "sdk". */
  caller?: string | ((url: URL) => string);
}

function routeOf(url: URL, method: string): Route | undefined {
  if (method !== "POST") return undefined;
  if (/\/chat\/completions\/?$/.test(url.pathname)) return "chat";
  if (/\/completions\/?$/.test(url.pathname)) return "completions";
  return undefined;
}

export function createGuardFetch(options: GuardFetchOptions): typeof fetch {
  const guard =
    options.guard ??
    (options.policy ? createGuard(options.policy, options) : undefined) ??
    (() => {
      throw new TypeError("createGuardFetch needs a guard or a policy");
    })();
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const route = routeOf(url, method);
    const rawBody = init?.body ?? (request ? await request.clone().text() : undefined);
    if (!route || typeof rawBody !== "string") return guard.upstreamFetch(input, init);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return refusalResponse({ status: 400, type: "invalid_request", message: "the request body is not valid JSON" });
    }
    const caller = typeof options.caller === "function" ? options.caller(url) : (options.caller ?? "sdk");
    const accept = new Headers(init?.headers ?? request?.headers).get("accept") ?? "*/*";
    return guard.complete({
      route,
      body,
      keyId: caller,
      url: url.toString(),
      headers: { accept },
      signal: init?.signal ?? undefined,
    });
  };
}
