import { isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { jsonOf } from "../../engine/http.js";

/**
 * Keys of server-side state a client has no use for: notes and scores for staff, soft-delete
 * flags, IP addresses, storage internals. (Passwords, secrets and PII are data-exposure checks.)
 */
const INTERNAL_KEY =
  /^(internal|_internal|internal_?(notes?|id|status|flags?|comment)|admin_?(notes?|comment)|staff_?notes?|private_?notes?|debug(_?info)?|is_?deleted|deleted_?at|cost_?price|purchase_?price|margin|fraud_?score|risk_?score|credit_?score|last_?login_?ip|created_?by_?ip|registration_?ip|ip_?address|failed_?login_?(attempts|count)|login_?attempts|__v|_rev|shard(_?id)?|db_?host|stack_?trace)$/i;
const MAX_REPORTED = 10;

/** Internal keys with a non-empty value anywhere in a JSON document (first 500 nodes). */
export function internalKeys(value: unknown): string[] {
  const found = new Set<string>();
  let budget = 500;
  const visit = (v: unknown) => {
    if (budget-- <= 0 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) return v.slice(0, 20).forEach(visit);
    for (const [k, child] of Object.entries(v)) {
      if (INTERNAL_KEY.test(k) && child !== null && child !== "" && child !== false) found.add(k);
      visit(child);
    }
  };
  visit(value);
  return [...found].sort();
}

export default defineCheck({
  meta: {
    id: "property-internal-fields",
    title: "Internal object properties in responses",
    category: "property-authorization",
    severity: "low",
    confidence: "firm",
    owasp: ["API3:2023"],
    cwe: ["CWE-213"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Responses carry properties meant for staff or the server itself (internal notes, fraud or risk scores, soft-delete flags, IP addresses, storage internals): the API returns whole records and leaves filtering to the client.",
    remediation:
      "Serialise responses through an explicit allow-list per role (a DTO or response schema), not by returning the stored object.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/"],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (!isSuccess(x) || reported.size >= MAX_REPORTED) continue;
      const path = new URL(x.request.url).pathname.replace(/\/\d+(?=\/|$)/g, "/{id}");
      for (const key of internalKeys(jsonOf(x))) {
        if (reported.has(`${path} ${key}`)) continue;
        reported.add(`${path} ${key}`);
        ctx.report({
          message: `${path} returns the internal property \`${key}\`.`,
          exchange: x,
          operation: { method: x.request.method, path },
          key,
        });
      }
    }
  },
});
