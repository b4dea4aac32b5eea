import { defineCheck } from "../../engine/check.js";
import { contentType, jsonOf } from "../../engine/http.js";
import { documentedExchanges, specOrSkip } from "../../openapi/checks.js";
import { declaredResponse, openapiMetaOf } from "../../openapi/operations.js";
import { createValidator, undeclaredProperties } from "../../openapi/validate.js";

/** Responses validated at most: a few examples per scan, not thousands. */
const MAX_VALIDATED = 40;
const PROBLEMS_SHOWN = 3;

export default defineCheck({
  meta: {
    id: "openapi-schema-drift",
    title: "Response body breaks its declared schema",
    category: "data-exposure",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API3:2023", "API9:2023"],
    cwe: ["CWE-213"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The response does not match the schema the spec declares for it: wrong types or missing fields break clients, and undeclared properties are data nobody reviewed being exposed (excessive data exposure).",
    remediation:
      "Serialise responses through an explicit allow-list model generated from (or checked against) the spec, and validate responses against the schema in the API's own tests.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    const validate = createValidator();
    const seen = new Set<string>();
    let validated = 0;
    for (const { op, x } of documentedExchanges(ctx)) {
      const meta = openapiMetaOf(op);
      const declared =
        meta && x.status >= 200 && x.status <= 299 ? declaredResponse(meta.responses, x.status) : undefined;
      const key = `${op.method} ${op.path} ${x.status}`;
      if (!declared?.schema || x.bodyClipped || seen.has(key) || !/json/.test(contentType(x))) continue;
      const body = jsonOf(x);
      if (body === undefined) continue;
      seen.add(key);
      if (++validated > MAX_VALIDATED) break;
      const problems = validate(declared.schema, body);
      const undeclared = undeclaredProperties(declared.schema, body);
      if (problems.length === 0 && undeclared.length === 0) continue;
      const listed = [
        ...problems.map((p) => `${p.at || "(body)"} ${p.message}`),
        ...undeclared.map((at) => `${at} is not declared`),
      ];
      const exposes = undeclared.length > 0 || problems.some((p) => p.message.startsWith("has undeclared property"));
      ctx.report({
        message: `${op.method} ${op.path} answered ${x.status} with a body that breaks its schema: ${listed.slice(0, PROBLEMS_SHOWN).join("; ")}${listed.length > PROBLEMS_SHOWN ? ` (+${listed.length - PROBLEMS_SHOWN} more)` : ""}.`,
        exchange: x,
        operation: { method: op.method, path: op.path },
        key: String(x.status),
        // Undeclared properties are unreviewed data leaving the API; type drift is a contract bug.
        severity: exposes ? "medium" : "low",
        evidence: { detail: listed.slice(0, 10).join("; ") },
      });
    }
  },
});
