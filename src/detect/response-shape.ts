/**
 * Response comparison for the authorization checks: "same shape" (the same kind of record:
 * the same JSON key paths and value types) versus "same content" (the very same record).
 * A BOLA finding needs the first without the second; an authentication bypass needs both.
 */
import { contentType, type Exchange, jsonOf, textOf } from "../engine/http.js";

/** `path:type` for every value in a JSON document; array items collapse into `[]`. */
export function shapeOf(value: unknown, path = "$", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    out.add(`${path}:array`);
    for (const item of value.slice(0, 20)) shapeOf(item, `${path}[]`, out);
  } else if (value !== null && typeof value === "object") {
    out.add(`${path}:object`);
    for (const [k, v] of Object.entries(value)) shapeOf(v, `${path}.${k}`, out);
  } else {
    out.add(`${path}:${value === null ? "null" : typeof value}`);
  }
  return out;
}

/** Jaccard similarity of two shapes, 0..1. */
function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

function isJson(x: Exchange): boolean {
  return contentType(x).includes("json") && jsonOf(x) !== undefined;
}

/**
 * How alike two responses are in structure, 0..1. JSON bodies compare key paths and types;
 * other bodies only count as alike when content type matches and lengths are within 20 %.
 */
export function shapeSimilarity(a: Exchange, b: Exchange): number {
  if (isJson(a) && isJson(b)) return jaccard(shapeOf(jsonOf(a)), shapeOf(jsonOf(b)));
  if (contentType(a) !== contentType(b)) return 0;
  const [la, lb] = [a.body.length, b.body.length];
  if (la === 0 && lb === 0) return 1;
  return Math.min(la, lb) / Math.max(la, lb) >= 0.8 ? 0.5 : 0;
}

/** The same record: equal JSON (key order ignored) or equal text. */
export function sameContent(a: Exchange, b: Exchange): boolean {
  if (isJson(a) && isJson(b)) return canonical(jsonOf(a)) === canonical(jsonOf(b));
  return textOf(a) === textOf(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export function isSuccess(x: Exchange): boolean {
  return x.status >= 200 && x.status < 300;
}

/** A refusal of the caller: 401/403, or a 2xx/404 whose JSON body only carries an error. */
export function isRefusal(x: Exchange): boolean {
  if (x.status === 401 || x.status === 403) return true;
  return isSuccess(x) && looksLikeError(jsonOf(x));
}

/**
 * Refused compared with a granted answer to the same request: a refusal, or a 404 where the
 * credential got a 2xx (APIs that hide objects from callers who may not see them).
 */
export function refusedComparedTo(x: Exchange, granted: Exchange): boolean {
  return isRefusal(x) || (x.status === 404 && isSuccess(granted));
}

const ERROR_KEYS = new Set(["error", "errors", "message", "detail", "code", "status", "title", "type", "statusCode"]);

/** A JSON object made only of error-ish keys (`{"error": "unauthorized"}`): not data. */
export function looksLikeError(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.some((k) => k === "error" || k === "errors") && keys.every((k) => ERROR_KEYS.has(k));
}
