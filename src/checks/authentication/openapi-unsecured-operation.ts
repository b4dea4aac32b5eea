import { defineCheck } from "../../engine/check.js";
import { specOrSkip } from "../../openapi/checks.js";
import { requiresCredentials, specOperations } from "../../openapi/operations.js";

/** Operations that are public by design: sign-in flows, health probes, docs. */
const PUBLIC_BY_DESIGN =
  /(^|\/)(login|logout|sign-?in|sign-?up|register|token|oauth2?|authorize|callback|health[z]?|ready|readiness|live|liveness|status|ping|version|metrics|docs?|openapi|swagger|\.well-known|forgot-password|password-reset|reset-password)(\/|$|\.)/i;

export default defineCheck({
  meta: {
    id: "openapi-unsecured-operation",
    title: "Operation without security in an otherwise secured API",
    category: "authentication",
    severity: "medium",
    confidence: "tentative",
    owasp: ["API2:2023", "API5:2023"],
    cwe: ["CWE-306"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Most of the API requires credentials but this operation opts out (`security: []` or no requirement). Unless it is public by design, it is an unauthenticated way into the API's data.",
    remediation:
      "Declare the security requirement on the operation (or rely on the global one) and enforce it; keep `security: []` only for operations that must be public, such as sign-in and health checks.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    const operations = specOperations(ctx.target);
    const secured = operations.filter(({ op }) => requiresCredentials(op)).length;
    const globallySecured = (spec.model.globalSecurity ?? []).some((alternative) => alternative.length > 0);
    if (secured === 0 || (!globallySecured && secured * 2 < operations.length))
      return ctx.skip("the API is not mostly secured: public operations are the norm here");
    for (const { op } of operations) {
      if (requiresCredentials(op) || PUBLIC_BY_DESIGN.test(op.path) || PUBLIC_BY_DESIGN.test(op.operationId ?? ""))
        continue;
      // Refused without credentials at runtime: the spec under-documents, the API is still closed.
      const baseline = ctx.baseline(op);
      if (baseline && (baseline.status === 401 || baseline.status === 403)) continue;
      const declared = op.security === undefined ? "declares no security requirement" : "opts out of security";
      ctx.report({
        message: `${op.method} ${op.path} ${declared} while ${secured} of ${operations.length} operations require credentials.`,
        operation: { method: op.method, path: op.path },
        ...(baseline ? { exchange: baseline } : {}),
        evidence: { detail: `security of ${op.method} ${op.path}: ${JSON.stringify(op.security ?? null)}` },
      });
    }
  },
});
