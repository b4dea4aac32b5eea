/** OpenAI-shaped refusals: the status, the error envelope SDKs parse, and the headers they honour. */

export type RefusalType =
  | "invalid_api_key"
  | "invalid_request"
  | "model_not_allowed"
  | "parameter_above_limit"
  | "prompt_injection"
  | "request_too_large"
  | "rate_limited"
  | "token_budget_exhausted"
  | "upstream_unavailable"
  | "not_found";

export interface Refusal {
  status: 400 | 401 | 404 | 405 | 413 | 429 | 502 | 503;
  type: RefusalType;
  message: string;
  /** The request field at fault, when there is one. */
  param?: string;
  /** Seconds until a retry can succeed (429, 503). */
  retryAfterS?: number;
}

const ERROR_TYPE: Record<Refusal["status"], string> = {
  400: "invalid_request_error",
  401: "invalid_request_error",
  404: "invalid_request_error",
  405: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
  502: "api_error",
  503: "api_error",
};

export function refusalBody(r: Refusal): string {
  return JSON.stringify({
    error: { message: r.message, type: ERROR_TYPE[r.status], param: r.param ?? null, code: r.type },
  });
}

export function refusalHeaders(r: Refusal): Record<string, string> {
  return {
    "content-type": "application/json",
    ...(r.retryAfterS !== undefined ? { "retry-after": String(Math.max(1, Math.ceil(r.retryAfterS))) } : {}),
  };
}

export function refusalResponse(r: Refusal, extraHeaders: Record<string, string> = {}): Response {
  return new Response(refusalBody(r), { status: r.status, headers: { ...refusalHeaders(r), ...extraHeaders } });
}
