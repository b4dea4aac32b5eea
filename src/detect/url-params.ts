/** Parameters that take URLs, by name or by example value. */
import type { Operation } from "../engine/target.js";

export const URL_PARAM_NAME =
  /^(url|uri|link|href|src|source|callback|callback_?ur[il]|webhook|webhook_?ur[il]|hook|redirect|redirect_?ur[il]|redirect_?to|return_?(url|to)|next|continue|target|dest|destination|image|image_?ur[il]|img|avatar|avatar_?ur[il]|icon_?url|feed|feed_?url|rss|proxy|fetch|load|file_?url|download|endpoint|host|domain|site|page_?url|document_?url|preview|import_?url|remote|server)$|(Url|_url|Uri|_uri)$/i;
const URL_VALUE = /^(https?|ftp|file|gopher):\/\//i;

export interface UrlParam {
  name: string;
  in: "query" | "body";
  why: "name" | "value";
}

function judge(name: string, example: unknown): UrlParam["why"] | undefined {
  if (typeof example === "string" && URL_VALUE.test(example)) return "value";
  if (URL_PARAM_NAME.test(name)) return "name";
  return undefined;
}

/** URL-taking query parameters and top-level JSON body properties of an operation. */
export function urlParams(op: Operation): UrlParam[] {
  const out: UrlParam[] = [];
  for (const p of op.parameters) {
    if (p.in !== "query") continue;
    const why = judge(p.name, p.example ?? (p.schema as { example?: unknown } | undefined)?.example);
    if (why) out.push({ name: p.name, in: "query", why });
  }
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, { format?: string; example?: unknown }>;
  for (const [name, schema] of Object.entries(props)) {
    const why = schema?.format === "uri" || schema?.format === "url" ? "value" : judge(name, schema?.example);
    if (why) out.push({ name, in: "body", why });
  }
  return out;
}
