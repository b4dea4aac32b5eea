import { defineCheck } from "../../engine/check.js";
import { specOperationRef, specOrSkip } from "../../openapi/checks.js";

export default defineCheck({
  meta: {
    id: "openapi-no-security-schemes",
    title: "Spec declares no security schemes",
    category: "authentication",
    severity: "medium",
    confidence: "tentative",
    owasp: ["API2:2023", "API9:2023"],
    cwe: ["CWE-306"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The spec defines no security scheme at all: either every operation is meant to be public, or authentication exists but is undocumented, so neither clients nor tests can check it.",
    remediation:
      "Describe how the API authenticates under `components.securitySchemes` (Swagger 2.0: `securityDefinitions`) and state the requirement globally or per operation.",
    references: ["https://spec.openapis.org/oas/v3.1.0#security-scheme-object"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    if (Object.keys(spec.model.securitySchemes).length > 0) return;
    if (spec.model.operations.length === 0) return ctx.skip("the spec has no operations");
    ctx.report({
      message: `The spec (${spec.model.title}) declares no security scheme for its ${spec.model.operations.length} operations.`,
      operation: specOperationRef(spec),
      evidence: {
        detail: `${spec.source.location}: no ${spec.model.version === "2.0" ? "securityDefinitions" : "components.securitySchemes"}`,
      },
    });
  },
});
