import { isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { jsonOf } from "../../engine/http.js";

/** Keys that carry a caller's privileges. */
export const PRIVILEGE_KEY =
  /^(role|roles|is_?admin|admin|is_?superuser|is_?staff|permissions|privileges|scopes?|groups|access_?level|user_?type|account_?type)$/i;
const MAX_REPORTED = 5;

/** Privilege keys anywhere in a JSON document (first 200 nodes). */
export function privilegeKeys(value: unknown): string[] {
  const found = new Set<string>();
  let budget = 200;
  const visit = (v: unknown) => {
    if (budget-- <= 0 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) return v.slice(0, 20).forEach(visit);
    for (const [k, child] of Object.entries(v)) {
      if (PRIVILEGE_KEY.test(k)) found.add(k);
      visit(child);
    }
  };
  visit(value);
  return [...found].sort();
}

function templated(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, "/{id}");
}

export default defineCheck({
  meta: {
    id: "bfla-privilege-fields",
    title: "Responses expose privilege fields (role, isAdmin, permissions)",
    category: "bfla",
    severity: "info",
    confidence: "firm",
    owasp: ["API5:2023", "API3:2023"],
    cwe: ["CWE-213"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Role and permission fields in responses map the API's privilege model for an attacker and are the fields a mass-assignment or function-level attack aims at. Noted as surface for review.",
    remediation:
      "Return privilege fields only to callers who need them (admin views), and never accept them from clients on write operations.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/"],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (!isSuccess(x) || reported.size >= MAX_REPORTED) continue;
      const keys = privilegeKeys(jsonOf(x));
      if (keys.length === 0) continue;
      const path = templated(new URL(x.request.url).pathname);
      if (reported.has(path)) continue;
      reported.add(path);
      ctx.report({
        message: `${path} returns ${keys.map((k) => `\`${k}\``).join(", ")}.`,
        exchange: x,
        operation: { method: x.request.method, path },
        evidence: { detail: `privilege fields: ${keys.join(", ")}` },
      });
    }
  },
});
