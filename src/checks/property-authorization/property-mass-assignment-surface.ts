import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { jsonOf } from "../../engine/http.js";
import type { Operation } from "../../engine/target.js";

/** Properties whose value a client must never set: privileges, money, verification state, ownership. */
export const PROTECTED_PROPERTY =
  /^(role|roles|is_?admin|admin|is_?superuser|is_?staff|permissions|privileges|scopes|balance|credits?|is_?verified|email_?verified|verified|approved|is_?approved|plan|tier|account_?type|user_?type|discount|owner_?id|tenant_?id|org_?id)$/i;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);
const MAX_OPTIONS = 3;

/** Writable protected properties of a JSON schema (top level and one nesting level), skipping readOnly ones. */
export function writableProtected(schema: Record<string, unknown> | undefined, depth = 0): string[] {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: string[] = [];
  for (const [name, sub] of Object.entries(props)) {
    if (sub?.readOnly === true) continue;
    if (PROTECTED_PROPERTY.test(name)) out.push(name);
    if (depth === 0 && sub?.type === "object") out.push(...writableProtected(sub, 1).map((n) => `${name}.${n}`));
  }
  return out.sort();
}

function protectedKeysIn(value: unknown): string[] {
  const record = Array.isArray(value) ? value[0] : value;
  if (!record || typeof record !== "object") return [];
  return Object.keys(record)
    .filter((k) => PROTECTED_PROPERTY.test(k))
    .sort();
}

function advertisedMethods(headers: Record<string, string>): string[] {
  return `${headers.allow ?? ""},${headers["access-control-allow-methods"] ?? ""}`
    .split(",")
    .map((m) => m.trim().toUpperCase())
    .filter((m) => WRITE_METHODS.has(m));
}

export default defineCheck({
  meta: {
    id: "property-mass-assignment-surface",
    title: "Mass-assignment surface: protected properties look writable",
    category: "property-authorization",
    severity: "medium",
    confidence: "firm",
    owasp: ["API3:2023"],
    cwe: ["CWE-915"],
    maxRequests: MAX_OPTIONS,
    description:
      "Properties such as `role`, `isAdmin`, `balance` or `verified` appear writable: in a spec's request schema (firm), or in records whose URL advertises write methods (tentative; one OPTIONS request each). Nothing is written: whether the server really binds them needs a write test outside a read-only scan.",
    remediation:
      "Bind request bodies to an explicit allow-list of client-settable fields (separate input DTOs), mark server-owned fields `readOnly` in the spec, and reject unknown properties.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const writes = ctx.target.operations.filter((op) => WRITE_METHODS.has(op.method) && op.requestBody?.schema);
    if (writes.length > 0) {
      for (const op of writes) reportSchema(op);
      return;
    }
    // No request schemas: records with protected fields whose URL says it takes writes.
    let asked = 0;
    for (const op of ctx.target.operations) {
      const x = ctx.baseline(op);
      if (!x || !isSuccess(x) || isRefusal(x) || asked >= MAX_OPTIONS) continue;
      const fields = protectedKeysIn(jsonOf(x));
      if (fields.length === 0) continue;
      const path = new URL(x.request.url).pathname;
      asked++;
      const options = await ctx.http.request({ method: "OPTIONS", url: path });
      const methods = advertisedMethods(options.headers);
      if (methods.length === 0) continue;
      ctx.report({
        severity: "low",
        confidence: "tentative",
        operation: { method: op.method, path: op.path },
        message: `${op.path} returns ${fields.map((f) => `\`${f}\``).join(", ")} and advertises ${methods.join(", ")}: if those writes bind whole objects, a client can set them.`,
        exchange: options,
        evidence: { detail: `protected fields in the record: ${fields.join(", ")}` },
      });
    }
    if (asked === 0) ctx.skip("no request schema and no record with protected fields");

    function reportSchema(op: Operation) {
      const fields = writableProtected(op.requestBody?.schema);
      if (fields.length === 0) return;
      ctx.report({
        operation: { method: op.method, path: op.path },
        message: `The request schema of ${op.method} ${op.path} accepts ${fields.map((f) => `\`${f}\``).join(", ")}, which clients should not set.`,
        key: fields.join(","),
        evidence: { detail: `writable protected properties: ${fields.join(", ")}` },
      });
    }
  },
});
