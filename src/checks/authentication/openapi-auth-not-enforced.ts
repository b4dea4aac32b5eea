import { defineCheck } from "../../engine/check.js";
import { contentType, type Exchange, jsonOf, textOf } from "../../engine/http.js";
import { mediaTypeMatches, SAFE_METHODS, specOrSkip } from "../../openapi/checks.js";
import { declaredResponse, requiresCredentials, specOperations } from "../../openapi/operations.js";
import { createValidator } from "../../openapi/validate.js";

/** Operations probed at most (one anonymous request each). */
const MAX_OPERATIONS = 60;
/** A 2xx whose short body says "not allowed" is an API that reports errors with 200, not open access. */
const DENIAL_WORDS =
  /unauthori[sz]ed|unauthenticated|not authenticated|authentication required|login required|access denied|forbidden|(invalid|missing|expired) (api[ -]?key|token|credentials?|session)/i;
const DENIAL_BODY_LIMIT = 2048;

function looksLikeDenial(x: Exchange): boolean {
  return x.body.length <= DENIAL_BODY_LIMIT && DENIAL_WORDS.test(textOf(x));
}

export default defineCheck({
  meta: {
    id: "openapi-auth-not-enforced",
    title: "Operation declared as secured answers without credentials",
    category: "authentication",
    severity: "critical",
    confidence: "firm",
    owasp: ["API2:2023", "API5:2023"],
    cwe: ["CWE-306"],
    maxRequests: MAX_OPERATIONS,
    description:
      "The spec says the operation requires credentials, yet it returns a successful response to a request that carries none: anyone can call it.",
    remediation:
      "Enforce the declared security scheme on every route (authentication middleware applied to the router, not per handler) and answer 401 without valid credentials; add a test per secured route that calls it anonymously.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/",
      "https://spec.openapis.org/oas/v3.1.0#security-requirement-object",
    ],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    const secured = specOperations(ctx.target).filter(
      ({ op }) => SAFE_METHODS.has(op.method) && requiresCredentials(op),
    );
    if (secured.length === 0) return ctx.skip("no GET or HEAD operation in the spec declares security");
    // Without configured credentials the engine's baseline was already anonymous: reuse it.
    const validate = createValidator();
    const baselineIsAnonymous = !ctx.identities.has("primary") && !ctx.identities.has("secondary");
    for (const { op, spec: meta } of secured.slice(0, MAX_OPERATIONS)) {
      const x = baselineIsAnonymous
        ? ctx.baseline(op)
        : await ctx.http.request({
            method: op.method,
            url: op.sampleUrl ?? op.path,
            headers: op.sampleHeaders,
            identity: "anonymous",
          });
      // A redirect that ends on a 200 is usually the sign-in page, not the operation.
      if (!x || x.status < 200 || x.status > 299 || x.redirects.length > 0 || looksLikeDenial(x)) continue;
      const declared = declaredResponse(meta.responses, x.status);
      const actualType = contentType(x);
      // A login page served with 200 where JSON is declared is a redirect in disguise, not data.
      if (op.method === "GET" && declared && declared.contentTypes.length > 0 && actualType)
        if (!declared.contentTypes.some((t) => mediaTypeMatches(actualType, t))) continue;
      const soft404 = await ctx.soft404();
      if (soft404.catchAll && soft404.isNotFound(x, new URL(x.request.url).pathname)) continue;
      const schemes = [...new Set(op.security?.flat() ?? [])].join(", ");
      const body = declared?.schema ? jsonOf(x) : undefined;
      // The body is the operation's own data when it matches the declared schema: no doubt left.
      const matchesSchema = body !== undefined && validate(declared!.schema!, body).length === 0;
      ctx.report({
        confidence: matchesSchema ? "confirmed" : "firm",
        message: `${op.method} ${op.path} declares security (${schemes}) but answered ${x.status} to a request without credentials.`,
        exchange: x,
        operation: { method: op.method, path: op.path },
        evidence: {
          excerpt: textOf(x).slice(0, 200),
          detail: `spec ${meta.pointer} requires ${schemes}; sent with no Authorization, cookie or API key`,
        },
      });
    }
  },
});
