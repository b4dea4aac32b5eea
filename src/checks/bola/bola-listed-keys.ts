import { walkJsonKeys } from "../../detect/object-ids.js";
import {
  addListingOwner,
  addTokenClaims,
  emptyCaller,
  isEmptyBody,
  judgeOwner,
  ownersOf,
  sensitiveFieldsOf,
} from "../../detect/ownership.js";
import { isRefusal, isSuccess, sameContent, shapeSimilarity } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, jsonOf } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import type { Operation } from "../../engine/target.js";

const MAX_OPERATIONS = 3;
const PER_OPERATION = 6;
const MAX_VALUES = 5;
const SAME_SHAPE = 0.7;

/** Query parameters that key a record by name (`?username=`, `?email=`, `?slug=`). */
const KEY_QUERY = /^(user_?name|username|login|email|slug|handle|uuid|guid|key|name)$/i;

/** Where a non-numeric key sits: a path template segment, or a query parameter (numeric ids are bola-object-ids' job). */
interface KeySlot {
  name: string;
  /** Path segment index, or -1 for a query parameter. */
  index: number;
}

function keySlots(op: Operation): KeySlot[] {
  const inPath = op.path
    .split("/")
    .map((segment, index) => ({ name: /^\{([^}]+)\}$/.exec(segment)?.[1], index }))
    .filter((p): p is KeySlot => p.name !== undefined);
  const inQuery = op.parameters
    .filter((p) => p.in === "query" && KEY_QUERY.test(p.name))
    .map((p) => ({ name: p.name, index: -1 }));
  return [...inPath, ...inQuery];
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

function withKey(op: Operation, slot: KeySlot, value: string): string {
  if (slot.index < 0) {
    const url = new URL(op.sampleUrl ?? op.path.replace(/\{[^}]+\}/g, "1"), "http://placeholder.invalid");
    url.searchParams.set(slot.name, value);
    return url.pathname + url.search;
  }
  const segments = op.path.split("/");
  segments[slot.index] = encodeURIComponent(value);
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
      "For operations keyed by a name, slug, e-mail or UUID in the path (`/books/{book_title}`) or the query (`?username=`), the values the API itself lists under that key were requested with the scan's identity: different records of the same shape came back while the request without credentials is refused. High and firm when a record's owner field differs from the caller (JWT claims, the caller's own listing); without owner evidence low or medium (personal data) and tentative, since one identity cannot tell its own objects from other users'.",
    remediation:
      "Check ownership (or an explicit sharing rule) on every object access; a guessable or listed key must never be enough to read an object.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/"],
  },
  async run(ctx) {
    if (!ctx.identities.has("primary")) return ctx.skip("needs --auth");
    const exchanges = ctx.exchanges();
    const targets = ctx.target.operations
      .filter((op) => op.method === "GET" && isRepeatable(op))
      .flatMap((op) => keySlots(op).map((slot) => ({ op, slot, values: listedValues(exchanges, slot.name) })))
      .filter((t) => t.values.length >= 2)
      .slice(0, MAX_OPERATIONS);
    if (targets.length === 0) return ctx.skip("no keyed operation whose keys the API lists");
    const caller = emptyCaller();
    const primary = exchanges.find((x) => x.identity === "primary");
    if (primary) addTokenClaims(caller, primary.request.headers);
    for (const x of exchanges) if (x.identity === "primary" && isSuccess(x)) addListingOwner(caller, x);
    for (const { op, slot, values } of targets) {
      const urls = values.slice(0, MAX_VALUES).map((v) => withKey(op, slot, v));
      const anonymous = await ctx.http.get(urls[0], { identity: "anonymous" });
      if (!isRefusal(anonymous)) continue;
      const records: Exchange[] = [];
      for (const url of urls) {
        const x = await ctx.http.get(url);
        if (!isSuccess(x) || isRefusal(x) || isEmptyBody(x)) continue;
        const first = records[0];
        if (first && (sameContent(x, first) || shapeSimilarity(x, first) < SAME_SHAPE)) continue;
        const owner = judgeOwner(ownersOf(x), caller);
        // The caller's own record proves nothing; keep it only as the first of the kind to compare with.
        if (owner.verdict === "caller" && first) continue;
        records.push(x);
        if (records.length < 2 && owner.verdict !== "other") continue;
        const read = records.map((r) => new URL(r.request.url).pathname + new URL(r.request.url).search).join(", ");
        const sensitive = sensitiveFieldsOf(x);
        const base = `${op.path}: the identity read records by keys the API lists under \`${slot.name}\` (${read}), while the request without credentials is refused (${anonymous.status})`;
        ctx.report(
          owner.verdict === "other"
            ? {
                confidence: "firm",
                operation: { method: "GET", path: op.path },
                message: `${base}; the record's ${owner.owner.field} ${owner.owner.value} differs from the caller's ${owner.callerValue} (${caller.sources.join(", ")}).`,
                exchange: x,
                key: slot.name,
                evidence: { detail: `owner ${owner.owner.field} ${owner.owner.value} is not the caller` },
              }
            : {
                severity: sensitive.length > 0 ? "medium" : "low",
                confidence: "tentative",
                title: "Possible BOLA: records readable by listed keys, owner unknown",
                operation: { method: "GET", path: op.path },
                message: `${base}, but nothing shows whose they are${sensitive.length > 0 ? ` (they carry ${sensitive.join(", ")})` : ""}. Possible BOLA: rescan with --auth2.`,
                exchange: x,
                key: slot.name,
                evidence: { detail: `${records.length} records read by listed ${slot.name}; no owner evidence` },
              },
        );
        break;
      }
    }
  },
});
