import { decodeToken } from "../../detect/jwt/index.js";
import { isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { type CredentialSlot, findProtectedTargets, grantedLike, sendWith, slotOf } from "./_protected.js";

/** Query parameter names that carry credentials by convention. */
const CREDENTIAL_PARAM =
  /^(api[-_]?key|apikey|key|access[-_]?token|auth[-_]?token|token|auth|jwt|session(id)?|sid|secret|client[-_]?secret|password|passwd|signature|sig)$/i;
/** A value that looks like a secret rather than a word or a number: long, mixing letters and digits. */
const SECRET_LIKE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9._~+/=-]{12,}$/;
/** Where APIs commonly look for a credential in the URL, by the kind of credential. */
const QUERY_NAMES = { token: ["access_token", "token"], key: ["api_key", "apikey"] };

export default defineCheck({
  meta: {
    id: "auth-credentials-in-query",
    title: "Credentials accepted in the query string",
    category: "authentication",
    severity: "medium",
    confidence: "firm",
    owasp: ["API2:2023", "API8:2023"],
    cwe: ["CWE-598"],
    // Finding an operation that needs the credential (up to 4), then one request per query name.
    maxRequests: 4 + QUERY_NAMES.token.length,
    description:
      "API keys and tokens in URLs end up in access logs, proxy logs, browser history and Referer headers. Found when the API answers requests that carry a credential in the query string, or when the user's header credential, moved to `?access_token=`/`?api_key=` on an operation that needs it, is accepted there too.",
    remediation:
      "Accept credentials only in headers (`Authorization`, or a dedicated key header) and reject requests that put them in the URL.",
    references: ["https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url"],
  },
  async run(ctx) {
    const reported = new Set<string>();
    const report = (
      x: Exchange,
      name: string,
      value: string,
      confidence: "confirmed" | "tentative",
      message: string,
    ) => {
      if (reported.has(name)) return;
      reported.add(name);
      ctx.redact(value);
      ctx.report({ confidence, message, exchange: x, key: name, evidence: { detail: `query parameter ${name}` } });
    };
    const ownCredentials = new Set(ctx.identities.values());
    for (const x of ctx.exchanges()) {
      if (!isSuccess(x)) continue;
      for (const [name, value] of new URL(x.request.url).searchParams) {
        if (x.identity !== "anonymous" && ownCredentials.has(value))
          report(
            x,
            name,
            value,
            "confirmed",
            `The credential given with --auth travels as query parameter \`${name}\` and the API accepted it (${x.status}).`,
          );
        else if (CREDENTIAL_PARAM.test(name) && SECRET_LIKE.test(value))
          report(
            x,
            name,
            value,
            "tentative",
            `Query parameter \`${name}\` carries a secret-looking value and the API answered ${x.status}.`,
          );
      }
    }
    if (reported.size > 0 || !ctx.identities.has("primary")) return;

    // The user's header credential: does the API also take it from the URL?
    const sample = ctx.exchanges().find((x) => x.identity === "primary");
    const slots = sample
      ? ctx.identities
          .values()
          .map((value) => ({ value, slot: slotOf(sample.request, value) }))
          .filter((c): c is { value: string; slot: CredentialSlot } => c.slot !== undefined)
      : [];
    // A query credential that was sent and not accepted above is already the answer.
    if (slots.some((c) => c.slot.kind === "query")) return;
    const credential = slots[0];
    if (!credential) return ctx.skip("no header credential to move to the query string");
    const [target] = await findProtectedTargets(ctx, credential.slot, credential.value);
    if (!target) return ctx.inconclusive("no operation where the credential is granted and its absence refused");
    const isToken = credential.slot.kind === "bearer" || decodeToken(credential.value) !== undefined;
    for (const name of isToken ? QUERY_NAMES.token : QUERY_NAMES.key) {
      const x = await sendWith(ctx, { kind: "query", name }, credential.value, target.url);
      if (!grantedLike(x, target.granted)) continue;
      report(
        x,
        name,
        credential.value,
        "confirmed",
        `The credential sent as \`?${name}=\` instead of a header was accepted on ${new URL(x.request.url).pathname} (${x.status}; without credentials: ${target.refused.status}).`,
      );
      return;
    }
  },
});
