import { defineCheck } from "../../engine/check.js";
import { specOrSkip } from "../../openapi/checks.js";
import { specOperations } from "../../openapi/operations.js";

export default defineCheck({
  meta: {
    id: "openapi-deprecated-live",
    title: "Deprecated operation still answers",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API9:2023"],
    cwe: ["CWE-1059"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The spec marks the operation deprecated, yet it still serves data. Old endpoints tend to miss the fixes and controls of their replacements and are a favourite way around them.",
    remediation:
      "Retire deprecated operations on a published schedule: answer 410 Gone (with a pointer to the replacement) once the sunset date passes, and monitor who still calls them until then.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    const deprecated = specOperations(ctx.target).filter(({ op }) => op.deprecated);
    if (deprecated.length === 0) return ctx.skip("no operation in the spec is deprecated");
    for (const { op } of deprecated) {
      const x = ctx.baseline(op);
      if (!x || x.status < 200 || x.status > 299) continue;
      ctx.report({
        message: `${op.method} ${op.path} is deprecated in the spec but still answered ${x.status}.`,
        exchange: x,
        operation: { method: op.method, path: op.path },
      });
    }
  },
});
