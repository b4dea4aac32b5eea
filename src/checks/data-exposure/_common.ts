/** Helpers shared by the data-exposure checks (the `_` prefix keeps this file out of the registry). */
import { secretTag } from "../../detect/redact.js";
import { contentType, type Exchange } from "../../engine/http.js";

/**
 * Checks that judge the bodies they fetch themselves (exposed files, browser bundles) and
 * report the secrets in them; the passive response checks skip their exchanges so one leak is
 * one finding.
 */
export const FILE_CHECK_IDS = new Set([
  "data-exposure-exposed-paths",
  "data-exposure-exposed-paths-deep",
  "data-exposure-client-side-keys",
]);

/** Everything we sent in an exchange: a value found here in the response is our own echo. */
export function sentTexts(x: Pick<Exchange, "request">): string[] {
  let decodedUrl = x.request.url;
  try {
    decodedUrl = decodeURIComponent(x.request.url);
  } catch {
    // Keep the raw URL: a malformed escape is something a probe may send on purpose.
  }
  return [x.request.url, decodedUrl, ...Object.values(x.request.headers), x.request.body ?? ""];
}

const BINARY_TYPE = /^(?:image|audio|video|font)\/|^application\/(?:octet-stream|pdf|zip|gzip|wasm|x-protobuf)/;

/** Bodies worth reading as text (JSON, HTML, JS, plain text, XML, or unlabelled). */
export function isTextual(x: Pick<Exchange, "headers" | "body">): boolean {
  return x.body.length > 0 && !BINARY_TYPE.test(contentType(x));
}

/**
 * Finding keys that tell leaked secrets of one rule on one operation apart without holding them:
 * an HMAC under RAMPART_MASK_KEY when it is set (see `secretTag`), otherwise their order of
 * appearance (`#1`, `#2`), which no one can test a guess against. One keyer per operation.
 */
export function secretKeyer(): (ruleId: string, value: string) => string {
  const seen = new Map<string, number>();
  return (ruleId, value) => {
    const tag = secretTag(value);
    if (tag) return `${ruleId}:${tag}`;
    const n = (seen.get(ruleId) ?? 0) + 1;
    seen.set(ruleId, n);
    return `${ruleId}:#${n}`;
  };
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * Values safe to hand to the runner's report-wide redaction. It replaces every occurrence in
 * the serialized report, so a short or purely numeric value (a PIN, a port) could land inside
 * an unrelated number; those are masked in our own evidence only.
 */
export function redactable(values: readonly string[]): string[] {
  return [...new Set(values)].filter((v) => v.length >= 8 && !(/^\d+$/.test(v) && v.length < 12));
}

/** A served API description (OpenAPI, Swagger): its example values are documentation, not anyone's data. */
export function isApiDescription(body: string): boolean {
  return /^\s*\{\s*"(?:openapi|swagger)"\s*:/.test(body) || /^(?:openapi|swagger)\s*:/m.test(body.slice(0, 400));
}
