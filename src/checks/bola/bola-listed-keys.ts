import { defineCheck } from "../../engine/check.js";
import { type Exchange, jsonOf } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import type { Operation } from "../../engine/target.js";
import { walkJsonKeys } from "./_ids.js";
import { isRefusal, isSuccess, sameContent, shapeSimilarity } from "./_shape.js";

const MAX_OPERATIONS = 3;
const PER_OPERATION = 6;
const MAX_VALUES = 5;
const SAME_SHAPE = 0.7;

/** Path template parameters whose values are not numbers (numeric ids are bola-object-ids' job). */
function keyParams(op: Operation): { name: string; index: number }[] {
  return op.path
    .split("/")
    .map((segment, index) => ({ name: /^\{([^}]+)\}$/.exec(segment)?.[1], index }))
    .filter((p): p is { name: string; index: number } => p.name !== undefined);
}

/** Values listed under a key of the same name in any JSON response (e.g. `book_title` in a list of books). */
export function listedValues(exchanges: readonly Exchange[], key: string): string[] {
  const wanted = key.toLowerCase();
  const found = new Set<string>();
  const take = (k: string, child: unknown) => {
    if (k.toLowerCase() !== wanted || typeof child !== "string" || child.length === 0 || child.length > 200)
      return false;
    found.add(child);
    return true;
  };
  for (const x of exchanges) if (isSuccess(x)) walkJsonKeys(jsonOf(x), take);
  return [...found].filter((v) => !/^\d+$/.test(v)).sort();
}

function withSegment(path: string, index: number, value: string): string {
  const segments = path.split("/");
  segments[index] = encodeURIComponent(value);
  return segments.join("/").replace(/\{[^}]+\}/g, "1");
}

export default defineCheck({
  meta: {
    id: "bola-listed-keys",
    title: "Objects named in listings readable by any signed-in user (BOLA/IDOR)",
    category: "bola",
    severity: "high",
    confidence: "tentative",
    owasp: ["API1:2023"],
    cwe: ["CWE-639"],
    maxRequests: MAX_OPERATIONS * PER_OPERATION,
    description:
      "For operations keyed by a name or slug (`/books/{book_title}`), the values the API itself lists under that key were requested with the scan's identity: several different records of the same shape came back while the request without credentials is refused. Tentative, because one identity cannot tell its own objects from other users'; confirm that the identity does not own all of them.",
    remediation:
      "Check ownership (or an explicit sharing rule) on every object access; a guessable or listed key must never be enough to read an object.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/"],
  },
  async run(ctx) {
    if (!ctx.client.hasIdentity("primary")) return ctx.skip("needs --auth");
    const exchanges = ctx.exchanges();
    const targets = ctx.target.operations
      .filter((op) => op.method === "GET" && isRepeatable(op))
      .flatMap((op) => keyParams(op).map((param) => ({ op, param, values: listedValues(exchanges, param.name) })))
      .filter((t) => t.values.length >= 2)
      .slice(0, MAX_OPERATIONS);
    if (targets.length === 0) return ctx.skip("no keyed operation whose keys the API lists");
    for (const { op, param, values } of targets) {
      const urls = values.slice(0, MAX_VALUES).map((v) => withSegment(op.path, param.index, v));
      const anonymous = await ctx.http.get(urls[0], { identity: "anonymous" });
      if (!isRefusal(anonymous)) continue;
      const records: Exchange[] = [];
      for (const url of urls) {
        const x = await ctx.http.get(url);
        if (!isSuccess(x) || isRefusal(x)) continue;
        const first = records[0];
        if (first && (sameContent(x, first) || shapeSimilarity(x, first) < SAME_SHAPE)) continue;
        records.push(x);
        if (records.length < 2) continue;
        ctx.report({
          operation: { method: "GET", path: op.path },
          message: `${op.path}: the identity read ${records.length} different records by keys the API lists under \`${param.name}\` (${records.map((r) => new URL(r.request.url).pathname).join(", ")}), while the request without credentials is refused (${anonymous.status}).`,
          exchange: x,
          key: param.name,
          evidence: { detail: `${records.length} records read by listed ${param.name}` },
        });
        break;
      }
    }
  },
});
