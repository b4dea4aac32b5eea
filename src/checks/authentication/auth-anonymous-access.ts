import { ownersOf } from "../../detect/ownership.js";
import { sameContent, shapeSimilarity } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { isRepeatable } from "../../engine/side-effects.js";
import type { Operation } from "../../engine/target.js";
import { pathAndQueryOf, servesData } from "./_data.js";

/** Paths that name one user's data; the same answer without credentials there is suspicious even without a spec. */
const PRIVATE_PATH =
  /(^|\/)(me|my|self|account|accounts|profile|profiles|settings|orders|admin|private|internal|billing|payments?|wallet|cart|inbox|messages|notifications|invoices|transactions)(\/|$|\.|;)/i;
const MAX_OPERATIONS = 10;

function declaredSecured(op: Operation): boolean {
  return op.security?.some((requirement) => requirement.length > 0) ?? false;
}

export default defineCheck({
  meta: {
    id: "auth-anonymous-access",
    title: "Data served without credentials",
    category: "authentication",
    severity: "medium",
    confidence: "firm",
    owasp: ["API2:2023", "API1:2023"],
    cwe: ["CWE-306"],
    maxRequests: MAX_OPERATIONS,
    description:
      "An operation whose path names one user's data (`/me`, `/orders`, `/account`...) or whose records name their owner (`customerId`, `userId`...) returned the same content with no credentials as with the scan's credentials: authentication is not enforced there. Each such GET is asked once without credentials (at most 10). Compared by content, not by status alone, so login pages and error bodies answered with 200 do not count; public records without owners (a catalogue) are not judged. Operations a spec declares secured are judged by openapi-auth-not-enforced.",
    remediation:
      "Enforce authentication in middleware that runs for every route and method (deny by default), and list the few public routes explicitly.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"],
  },
  async run(ctx) {
    if (!ctx.identities.has("primary")) return ctx.skip("needs --auth (to compare answers with and without it)");
    // Operations a spec declares secured are judged by openapi-auth-not-enforced.
    const ops = ctx.target.operations.filter(
      (op) => op.method === "GET" && isRepeatable(op) && ctx.baseline(op) && !declaredSecured(op),
    );
    // Records that name their owner (`customerId`, `userId`) are someone's, whatever the path is called;
    // an e-mail alone is not enough (public directories list them).
    const privateData = (op: Operation) =>
      PRIVATE_PATH.test(op.path) || ownersOf(ctx.baseline(op)!).some((o) => o.kind === "id" && o.field !== "id");
    const judged = ops.filter((op) => servesData(ctx.baseline(op)!) && privateData(op));
    for (const op of judged.slice(0, MAX_OPERATIONS)) {
      const granted = ctx.baseline(op)!;
      const anonymous = await ctx.http.get(pathAndQueryOf(granted), { identity: "anonymous" });
      if (!servesData(anonymous)) continue;
      const same = sameContent(anonymous, granted);
      const similarity = shapeSimilarity(anonymous, granted);
      if (!same && similarity < 0.9) continue;
      ctx.report({
        confidence: same ? "firm" : "tentative",
        operation: { method: op.method, path: op.path },
        message: `${op.path} answered ${anonymous.status} with ${same ? "the same content" : "content of the same shape"} without credentials as with them; the path names private data (confirm it is not meant to be public).`,
        exchange: anonymous,
        evidence: {
          detail: `with credentials ${granted.status}, without ${anonymous.status}; shape similarity ${similarity.toFixed(2)}`,
        },
      });
    }
  },
});
