import { candidateIds, idSlots, idsInResponses } from "../../detect/object-ids.js";
import {
  addListingOwner,
  addProfile,
  addTokenClaims,
  type Caller,
  emptyCaller,
  isEmptyBody,
  judgeOwner,
  ownersOf,
  PROFILE_PATH,
  sensitiveFieldsOf,
} from "../../detect/ownership.js";
import { isRefusal, isSuccess, refusedComparedTo, sameContent, shapeSimilarity } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { type Operation, operationUrl } from "../../engine/target.js";

/** Requests per operation at most, controls included (the issue's cap). */
const PER_OPERATION = 10;
const MAX_OPERATIONS = 5;
/** With --auth2: one collection fetched as the second identity to learn ids of its objects. */
const SECONDARY_LISTS = 1;
/** Without a token or a profile operation, one request to `<base>/me` to learn who the caller is. */
const PROFILE_PROBES = 1;
/** Without credentials, two neighbours are enough to show enumeration. */
const ANONYMOUS_PROBES = 2;
const SAME_SHAPE = 0.7;

function pathAndQuery(x: Exchange): string {
  const u = new URL(x.request.url);
  return u.pathname + u.search;
}

/** Another record of the same kind: 2xx, not an error body, not empty, same shape, different content. */
function otherRecord(x: Exchange, own: Exchange): number | undefined {
  if (!isSuccess(x) || isRefusal(x) || isEmptyBody(x) || sameContent(x, own)) return undefined;
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
    maxRequests: PER_OPERATION * MAX_OPERATIONS + SECONDARY_LISTS + PROFILE_PROBES,
    description:
      "Numeric ids in paths and query strings were replaced by neighbouring ids (and ids listed in responses) with the same credentials, while the same request without credentials is refused. High and firm only with proof: the record's owner field (`userId`, `customerId`, `owner`, `email`...) differs from the caller (JWT claims, a `/me` profile, the caller's own listing), or with --auth2 the record is listed only for the second identity. Another record without owner evidence is low (medium when it carries personal data) and tentative; records of the caller's own, `null`/empty bodies and public listings both identities see alike are not findings. Read-only GETs, at most 10 per operation.",
    remediation:
      "Check on every object access that the caller owns (or may see) the object, in one place (a policy or repository layer) rather than per handler; prefer unguessable ids as defence in depth, not as the fix.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const authenticated = ctx.identities.has("primary");
    const seenIds = idsInResponses(ctx.exchanges());
    const granted = (x: Exchange | undefined): x is Exchange =>
      x !== undefined && isSuccess(x) && !isRefusal(x) && !isEmptyBody(x);
    const gets = ctx.target.operations.filter((op) => op.method === "GET" && isRepeatable(op));
    const targets = gets
      .map((op) => ({ op, own: ctx.baseline(op) }))
      .filter((t): t is { op: Operation; own: Exchange } => granted(t.own))
      .map((t) => ({ ...t, slots: idSlots(pathAndQuery(t.own) || operationUrl(t.op), t.op) }))
      .filter((t) => t.slots.length > 0)
      .slice(0, MAX_OPERATIONS);
    if (targets.length === 0) return ctx.skip("no operation with a numeric object id answered");
    const collections = gets
      .map((op) => ctx.baseline(op))
      .filter(
        (x): x is Exchange => granted(x) && idSlots(pathAndQuery(x)).length === 0 && idsInResponses([x]).length > 0,
      );
    const caller = authenticated ? await learnCaller() : emptyCaller();
    const listings = ctx.identities.has("secondary") ? await listingsOfBoth() : undefined;

    /** The caller's JWT claims, its `/me` profile and the owner of its own listings. */
    async function learnCaller(): Promise<Caller> {
      const known = emptyCaller();
      const primary = ctx.exchanges().find((x) => x.identity === "primary");
      addTokenClaims(known, { ...primary?.request.headers, ...targets[0].own.request.headers });
      const profiles = gets.filter((op) => PROFILE_PATH.test(op.path)).map((op) => ctx.baseline(op));
      for (const profile of profiles) if (granted(profile)) addProfile(known, profile);
      if (known.values.size === 0 && profiles.length === 0) {
        const guess = await ctx.http.get(`${ctx.target.basePath}me`);
        if (granted(guess) && !(await ctx.soft404()).isNotFound(guess, new URL(guess.request.url).pathname))
          addProfile(known, guess);
      }
      for (const listing of collections) addListingOwner(known, listing);
      return known;
    }

    /** Ids in one collection as each identity sees it: public when both see the same ones. */
    async function listingsOfBoth(): Promise<{ mine: Set<number>; theirs: Set<number> } | undefined> {
      const collection = collections[0];
      if (!collection) return undefined;
      const theirs = await ctx.http.get(pathAndQuery(collection), { identity: "secondary" });
      return { mine: new Set(idsInResponses([collection])), theirs: new Set(idsInResponses([theirs])) };
    }
    const secondaryOnly = listings ? [...listings.theirs].filter((id) => !listings.mine.has(id)) : [];
    const sameListing =
      listings !== undefined &&
      listings.mine.size === listings.theirs.size &&
      [...listings.mine].every((id) => listings.theirs.has(id));

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
      const ownOwners = ownersOf(own);
      // Records without owners that both identities list alike are a shared resource (a catalogue), not anyone's object.
      if (sameListing && ownOwners.length === 0) continue;

      if (ctx.identities.has("secondary")) {
        const cross = await get(pathAndQuery(own), "secondary");
        const ownedByFirst =
          judgeOwner(ownOwners, caller).verdict === "caller" ||
          (listings?.mine.has(slot.value) && !listings.theirs.has(slot.value));
        if (ownedByFirst && granted(cross) && sameContent(cross, own)) {
          ctx.report({
            confidence: "firm",
            operation,
            message: `The second identity read the first identity's object at ${pathAndQuery(own)} (${cross.status}, identical content), while the request without credentials is refused.`,
            exchange: cross,
            key: `${slot.label}:cross-identity`,
          });
        }
      }

      const othersFirst = secondaryOnly.filter((id) => id !== slot.value);
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
        const sensitive = sensitiveFieldsOf(x);
        if (!authenticated) {
          ctx.report({
            severity: sensitive.length > 0 ? "medium" : "low",
            confidence: sensitive.length > 0 ? "firm" : "tentative",
            operation,
            message: `Objects are enumerable by sequential id without credentials: id ${id} next to ${slot.value} returned another record of the same shape (${x.status})${sensitive.length > 0 ? ` carrying ${sensitive.join(", ")}` : ""}. Confirm these objects are meant to be public; rescan with --auth to test ownership.`,
            exchange: x,
            key: `${slot.label}:anonymous`,
          });
          break;
        }
        const owner = judgeOwner(ownersOf(x), caller);
        // The caller's own second record (its other order) is no other user's object: keep looking.
        if (owner.verdict === "caller") continue;
        const listedForOther = secondaryOnly.includes(id);
        const ownOwner = ownOwners.find((o) => ownersOf(x).some((p) => p.field === o.field && p.value !== o.value));
        const proof =
          owner.verdict === "other"
            ? `its ${owner.owner.field} ${owner.owner.value} differs from the caller's ${owner.callerValue} (${caller.sources.join(", ")})`
            : listedForOther
              ? `id ${id} is listed only for the second identity`
              : ownOwner
                ? `its ${ownOwner.field} differs from that of the record at id ${slot.value}: one identity reads records of two owners`
                : undefined;
        const base = `Changing the id from ${slot.value} to ${id} (${slot.label}) returned another record of the same shape (${x.status}, similarity ${similarity.toFixed(2)}) with the same credentials`;
        ctx.report(
          proof
            ? {
                confidence: "firm",
                operation,
                message: `${base}; ${proof}. Without credentials the object is refused.`,
                exchange: x,
                key: slot.label,
                evidence: { detail: `own id ${slot.value}, other id ${id}; ${proof}` },
              }
            : {
                severity: sensitive.length > 0 ? "medium" : "low",
                confidence: "tentative",
                title: "Possible BOLA: another record readable by id, owner unknown",
                operation,
                message: `${base}, but nothing shows whose it is (no owner field${sensitive.length > 0 ? `; it carries ${sensitive.join(", ")}` : ""}). Possible BOLA: rescan with --auth2 to tell another user's object from a shared one.`,
                exchange: x,
                key: slot.label,
                evidence: { detail: `own id ${slot.value}, other id ${id}; no owner evidence` },
              },
        );
        break;
      }
    }
  },
});
