import { defineCheck } from "../../engine/check.js";
import { isSuccess } from "../bola/_shape.js";

/** Query parameter names that carry credentials by convention. */
const CREDENTIAL_PARAM =
  /^(api[-_]?key|apikey|key|access[-_]?token|auth[-_]?token|token|auth|jwt|session(id)?|sid|secret|client[-_]?secret|password|passwd|signature|sig)$/i;
/** A value that looks like a secret rather than a word or a number: long, mixing letters and digits. */
const SECRET_LIKE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9._~+/=-]{12,}$/;

export default defineCheck({
  meta: {
    id: "auth-credentials-in-query",
    title: "Credentials accepted in the query string",
    category: "authentication",
    severity: "medium",
    confidence: "firm",
    owasp: ["API2:2023", "API8:2023"],
    cwe: ["CWE-598"],
    phase: "passive",
    maxRequests: 0,
    description:
      "API keys and tokens in URLs end up in access logs, proxy logs, browser history and Referer headers. The API answered successfully to requests that carried a credential in the query string.",
    remediation:
      "Accept credentials only in headers (`Authorization`, or a dedicated key header) and reject requests that put them in the URL.",
    references: ["https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url"],
  },
  async run(ctx) {
    const ownCredentials = new Set(ctx.client.sensitiveValues());
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (!isSuccess(x)) continue;
      for (const [name, value] of new URL(x.request.url).searchParams) {
        const own = x.identity !== "anonymous" && ownCredentials.has(value);
        const conventional = CREDENTIAL_PARAM.test(name) && SECRET_LIKE.test(value);
        if ((!own && !conventional) || reported.has(name)) continue;
        reported.add(name);
        ctx.redact(value);
        ctx.report({
          confidence: own ? "confirmed" : "tentative",
          message: own
            ? `The credential given with --auth travels as query parameter \`${name}\` and the API accepted it (${x.status}).`
            : `Query parameter \`${name}\` carries a secret-looking value and the API answered ${x.status}.`,
          exchange: x,
          key: name,
          evidence: { detail: `query parameter ${name}` },
        });
      }
    }
  },
});
