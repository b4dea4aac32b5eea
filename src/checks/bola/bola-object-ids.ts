import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { operationUrl } from "../../engine/target.js";
import { candidateIds, idSlots, idsInResponses } from "./_ids.js";
import {
  confidenceFromSimilarity,
  isRefusal,
  isSuccess,
  refusedComparedTo,
  sameContent,
  shapeSimilarity,
} from "./_shape.js";

/** Requests per operation at most, controls included (the issue's cap). */
const PER_OPERATION = 10;
const MAX_OPERATIONS = 5;
/** With --auth2: one collection fetched as the second identity to learn ids of its objects. */
const SECONDARY_LISTS = 1;
/** Without credentials, two neighbours are enough to show enumeration. */
const ANONYMOUS_PROBES = 2;
const SAME_SHAPE = 0.7;

function pathAndQuery(x: Exchange): string {
  const u = new URL(x.request.url);
  return u.pathname + u.search;
}

/** Another record of the same kind: 2xx, not an error body, same shape, different content. */
function otherRecord(x: Exchange, own: Exchange): number | undefined {
  if (!isSuccess(x) || isRefusal(x) || sameContent(x, own)) return undefined;
  const similarity = shapeSimilarity(x, own);
  return similarity >= SAME_SHAPE ? similarity : undefined;
}

export default defineCheck({
  meta: {
    id: "bola-object-ids",
    title: "Other users' objects readable by changing the id (BOLA/IDOR)",
    category: "bola",
    severity: "high",
    confidence: "firm",
    owasp: ["API1:2023"],
    cwe: ["CWE-639", "CWE-284"],
    maxRequests: PER_OPERATION * MAX_OPERATIONS + SECONDARY_LISTS,
    description:
      "Numeric ids in paths and query strings were replaced by neighbouring ids (and ids listed in responses) with the same credentials; another record of the same shape came back, while the same request without credentials is refused. With --auth2, ids listed for the second identity are tried first and the second identity reading the first identity's object is checked as well. Read-only GETs, at most 10 per operation.",
    remediation:
      "Check on every object access that the caller owns (or may see) the object, in one place (a policy or repository layer) rather than per handler; prefer unguessable ids as defence in depth, not as the fix.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const authenticated = ctx.client.hasIdentity("primary");
    const seenIds = idsInResponses(ctx.exchanges());
    const targets = ctx.target.operations
      .filter((op) => op.method === "GET")
      .map((op) => ({ op, own: ctx.baseline(op) }))
      .filter(
        (t): t is { op: typeof t.op; own: Exchange } => t.own !== undefined && isSuccess(t.own) && !isRefusal(t.own),
      )
      .map((t) => ({ ...t, slots: idSlots(pathAndQuery(t.own) || operationUrl(t.op), t.op) }))
      .filter((t) => t.slots.length > 0)
      .slice(0, MAX_OPERATIONS);
    if (targets.length === 0) return ctx.skip("no operation with a numeric object id answered");
    const secondaryIds = ctx.client.hasIdentity("secondary") ? await idsOfSecondIdentity() : [];

    /** Ids in a collection as the second identity sees it, minus those the first identity also sees. */
    async function idsOfSecondIdentity(): Promise<number[]> {
      const collection = ctx.target.operations
        .filter((op) => op.method === "GET")
        .map((op) => ctx.baseline(op))
        .find((x) => x && isSuccess(x) && idSlots(pathAndQuery(x)).length === 0 && idsInResponses([x]).length > 0);
      if (!collection) return [];
      const theirs = await ctx.http.get(pathAndQuery(collection), { identity: "secondary" });
      const mine = new Set(idsInResponses([collection]));
      return idsInResponses([theirs]).filter((id) => !mine.has(id));
    }

    for (const { op, own, slots } of targets) {
      const slot = slots[slots.length - 1];
      const operation = { method: "GET", path: op.path };
      let budget = PER_OPERATION;
      const get = (url: string, identity: "primary" | "secondary" | "anonymous") => {
        budget--;
        return ctx.http.get(url, { identity });
      };

      // Public objects are not a BOLA: ask once without credentials.
      let anonymousRefused = !authenticated;
      if (authenticated) anonymousRefused = refusedComparedTo(await get(pathAndQuery(own), "anonymous"), own);
      if (authenticated && !anonymousRefused) continue;

      if (ctx.client.hasIdentity("secondary")) {
        const cross = await get(pathAndQuery(own), "secondary");
        if (isSuccess(cross) && !isRefusal(cross) && sameContent(cross, own)) {
          ctx.report({
            confidence: "firm",
            operation,
            message: `The second identity read the first identity's object at ${pathAndQuery(own)} (${cross.status}, identical content), while the request without credentials is refused.`,
            exchange: cross,
            key: `${slot.label}:cross-identity`,
          });
        }
      }

      const othersFirst = secondaryIds.filter((id) => id !== slot.value);
      const probes = [
        ...othersFirst,
        ...candidateIds(slot.value, seenIds, authenticated ? budget : ANONYMOUS_PROBES).filter(
          (id) => !othersFirst.includes(id),
        ),
      ].slice(0, authenticated ? budget : ANONYMOUS_PROBES);
      for (const id of probes) {
        if (budget <= 0) break;
        const x = await get(slot.withId(id), authenticated ? "primary" : "anonymous");
        const similarity = otherRecord(x, own);
        if (similarity === undefined) continue;
        // A host that answers every path alike (catch-all, SPA) has no records to tell apart.
        if ((await ctx.soft404()).isNotFound(x, new URL(x.request.url).pathname)) break;
        ctx.report(
          authenticated
            ? {
                confidence: confidenceFromSimilarity(similarity),
                operation,
                message: `Changing the id from ${slot.value} to ${id} (${slot.label}) returned another record of the same shape (${x.status}, similarity ${similarity.toFixed(2)}) with the same credentials${secondaryIds.includes(id) ? `; id ${id} is listed for the second identity` : ""}; without credentials the object is refused.`,
                exchange: x,
                key: slot.label,
                evidence: { detail: `own id ${slot.value}, other id ${id}` },
              }
            : {
                severity: "low",
                confidence: "tentative",
                operation,
                message: `Objects are enumerable by sequential id without credentials: id ${id} next to ${slot.value} returned another record of the same shape (${x.status}). Confirm these objects are meant to be public; rescan with --auth to test ownership.`,
                exchange: x,
                key: `${slot.label}:anonymous`,
              },
        );
        break;
      }
    }
  },
});
