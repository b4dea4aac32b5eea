import { defineCheck } from "../../engine/check.js";
import { specOrSkip } from "../../openapi/checks.js";
import type { JsonSchema } from "../../openapi/model.js";
import { specOperations } from "../../openapi/operations.js";
import { typeOf, walkSchema } from "../../openapi/schema.js";

const FIELDS_SHOWN = 6;
/** String formats whose values are short by construction. */
const BOUNDED_FORMATS = new Set(["uuid", "date", "date-time", "time", "ipv4", "ipv6", "int32", "int64", "byte"]);

/** What bound a schema lacks, if any: strings without maxLength, arrays without maxItems, numbers without maximum. */
export function missingBound(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.enum) || schema.const !== undefined) return undefined;
  switch (typeOf(schema)) {
    case "string":
      if (schema.maxLength !== undefined || BOUNDED_FORMATS.has(String(schema.format))) return undefined;
      if (
        typeof schema.pattern === "string" &&
        /^\^.*\$$/.test(schema.pattern) &&
        !/[*+]|\{\d+,\}/.test(schema.pattern)
      )
        return undefined;
      return "maxLength";
    case "array":
      return schema.maxItems === undefined ? "maxItems" : undefined;
    case "integer":
    case "number":
      return schema.maximum === undefined && schema.exclusiveMaximum === undefined ? "maximum" : undefined;
    default:
      return undefined;
  }
}

export default defineCheck({
  meta: {
    id: "openapi-unbounded-input",
    title: "Spec leaves inputs without size limits",
    category: "resource-consumption",
    severity: "low",
    confidence: "firm",
    owasp: ["API4:2023"],
    cwe: ["CWE-770"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Parameters and request-body fields declared without maxLength, maxItems or maximum invite oversized input: page sizes of a million, megabyte strings, arrays that fan out into expensive work.",
    remediation:
      "Give every string a maxLength, every array a maxItems and every number a maximum in the spec, and enforce them with request validation generated from it.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    for (const { op } of specOperations(ctx.target)) {
      const inputs = [
        ...op.parameters.map((p) => ({ at: `${p.in}.${p.name}`, schema: p.schema })),
        ...(op.requestBody?.schema ? [{ at: "body", schema: op.requestBody.schema }] : []),
      ];
      const unbounded: string[] = [];
      for (const input of inputs) {
        if (!input.schema) continue;
        for (const { at, schema } of walkSchema(input.schema, input.at)) {
          const bound = missingBound(schema);
          if (bound) unbounded.push(`${at} (no ${bound})`);
        }
      }
      if (unbounded.length === 0) continue;
      ctx.report({
        message: `${op.method} ${op.path} accepts ${unbounded.length} unbounded input${unbounded.length > 1 ? "s" : ""}: ${unbounded.slice(0, FIELDS_SHOWN).join(", ")}${unbounded.length > FIELDS_SHOWN ? ", ..." : ""}.`,
        operation: { method: op.method, path: op.path },
        evidence: { detail: unbounded.join(", ") },
        // One spec habit (no maxLength/maximum/maxItems) is one cause, however many operations share it.
        cause: "unbounded-input",
      });
    }
  },
});
