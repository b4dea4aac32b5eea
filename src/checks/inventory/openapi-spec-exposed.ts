import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import { specOrSkip } from "../../openapi/checks.js";
import { looksLikeSpec } from "../../openapi/discover.js";

export default defineCheck({
  meta: {
    id: "openapi-spec-exposed",
    title: "API spec is publicly readable",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API9:2023"],
    cwe: ["CWE-200"],
    maxRequests: 1,
    description:
      "The OpenAPI/Swagger document is served to anyone: a complete map of operations, parameters and schemas, including internal or undocumented-to-customers ones. Fine for a public API, a gift for an attacker otherwise.",
    remediation:
      "If the API is not public, serve the spec only to authenticated developers (or not at all in production) and remove internal operations from the published document.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    const served = spec.source.exchange;
    if (spec.source.kind === "file" || !served) return ctx.skip("the spec was read from a file, not from the target");
    // Found with credentials: confirm it is readable without them before calling it public.
    const anonymous =
      served.identity === "anonymous" || (!ctx.identities.has("primary") && !ctx.identities.has("secondary"))
        ? served
        : await ctx.http.get(served.request.url, {
            identity: "anonymous",
            followRedirects: true,
            maxBodyBytes: 8 * 1024 * 1024,
          });
    if (anonymous.status !== 200 || !looksLikeSpec(textOf(anonymous))) return;
    const path = new URL(anonymous.request.url).pathname;
    ctx.report({
      message: `The ${spec.model.version === "2.0" ? "Swagger" : "OpenAPI"} spec "${spec.model.title}" (${spec.model.operations.length} operations) is served without credentials at ${path}.`,
      exchange: anonymous,
      operation: { method: "GET", path },
      evidence: { excerpt: textOf(anonymous).slice(0, 160) },
    });
  },
});
