import { defineCheck } from "../../engine/check.js";
import { contentType } from "../../engine/http.js";
import { documentedExchanges, mediaTypeMatches, specOrSkip } from "../../openapi/checks.js";
import { declaredResponse, openapiMetaOf } from "../../openapi/operations.js";

/** Statuses our own pacing can cause; they say nothing about the contract. */
const IGNORED_STATUSES = new Set([429]);

export default defineCheck({
  meta: {
    id: "openapi-undocumented-response",
    title: "Response status or content type not documented in the spec",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API9:2023", "API8:2023"],
    cwe: ["CWE-1059"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The operation answered with a status code or content type its spec does not declare: clients and gateways relying on the contract mishandle it, and undocumented behaviour is where untested code paths hide.",
    remediation:
      "Document every status and media type the operation can return (or a `default` response), or change the implementation to answer only what the contract promises.",
    references: ["https://spec.openapis.org/oas/v3.1.0#responses-object"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    for (const { op, x } of documentedExchanges(ctx)) {
      const meta = openapiMetaOf(op);
      if (!meta || meta.responses.length === 0 || IGNORED_STATUSES.has(x.status)) continue;
      const declared = declaredResponse(meta.responses, x.status);
      const operation = { method: op.method, path: op.path };
      if (!declared) {
        ctx.report({
          message: `${op.method} ${op.path} answered ${x.status}, which the spec does not declare (declared: ${meta.responses.map((r) => r.status).join(", ")}).`,
          exchange: x,
          operation,
          key: `status:${x.status}`,
          cause: `status:${x.status}`,
        });
        continue;
      }
      const actual = contentType(x);
      if (x.request.method === "HEAD" || x.body.length === 0 || !actual || declared.contentTypes.length === 0) continue;
      if (declared.contentTypes.some((t) => mediaTypeMatches(actual, t))) continue;
      ctx.report({
        title: "Response content type not documented in the spec",
        message: `${op.method} ${op.path} answered ${x.status} as ${actual}, but the spec declares ${declared.contentTypes.join(", ")}.`,
        exchange: x,
        operation,
        key: `type:${x.status}:${actual}`,
        cause: `type:${x.status}:${actual}`,
        evidence: { responseHeaders: { "content-type": x.headers["content-type"] ?? "" } },
      });
    }
  },
});
