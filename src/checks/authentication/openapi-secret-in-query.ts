import { defineCheck } from "../../engine/check.js";
import { specOperationRef, specOrSkip } from "../../openapi/checks.js";
import { specOperations } from "../../openapi/operations.js";

/** Query parameter names that carry credentials. */
const SECRET_NAME =
  /^(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|refresh[-_]?token|id[-_]?token|token|jwt|bearer|auth|authorization|secret|client[-_]?secret|password|passwd|pwd|session[-_]?id|sessionid|sid|private[-_]?key)$/i;

export default defineCheck({
  meta: {
    id: "openapi-secret-in-query",
    title: "Spec puts credentials in the query string",
    category: "authentication",
    severity: "medium",
    confidence: "firm",
    owasp: ["API2:2023", "API8:2023"],
    cwe: ["CWE-598"],
    phase: "passive",
    maxRequests: 0,
    description:
      "An API key, token or password declared as a query parameter ends up in server and proxy logs, browser history and Referer headers.",
    remediation:
      "Move credentials to a header (`Authorization` or a custom API-key header) and declare the scheme with `in: header`; reject credentials sent in the query string.",
    references: ["https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    for (const [name, scheme] of Object.entries(spec.model.securitySchemes)) {
      if (scheme.type !== "apiKey" || scheme.in !== "query") continue;
      ctx.report({
        message: `Security scheme ${name} sends its API key as the query parameter "${scheme.name ?? "?"}".`,
        operation: specOperationRef(spec),
        key: `scheme:${name}`,
        evidence: { detail: `securityScheme ${name}: type apiKey, in query, name ${scheme.name ?? "?"}` },
      });
    }
    for (const { op, spec: meta } of specOperations(ctx.target)) {
      for (const param of op.parameters) {
        if (param.in !== "query" || !SECRET_NAME.test(param.name)) continue;
        ctx.report({
          message: `${op.method} ${op.path} takes the credential-like parameter "${param.name}" in the query string.`,
          operation: { method: op.method, path: op.path },
          key: `param:${param.name}`,
          evidence: { detail: `${meta.pointer}: parameter ${param.name} in query` },
        });
      }
    }
  },
});
