import { walkJsonKeys } from "../../detect/object-ids.js";
import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { contentType, type Exchange, jsonOf } from "../../engine/http.js";
import type { Operation } from "../../engine/target.js";
import { apiBase, pathsFor, ROLE_GATED_PATHS } from "./_paths.js";

/** A path segment that names an administrative area. */
const ROLE_GATED_SEGMENT =
  /\/(admin|administrator|administration|internal|management|manage|superadmin|superuser|staff|backoffice|back-office|sysadmin)(\/|$)/i;

/** JSON data, not an error body and not an empty shell: an admin function answered. */
function answeredData(x: Exchange): boolean {
  if (!isSuccess(x) || isRefusal(x) || !contentType(x).includes("json")) return false;
  const body = jsonOf(x);
  if (Array.isArray(body)) return body.length > 0;
  return body !== null && typeof body === "object" && Object.keys(body).length > 0;
}

/** Keys whose values name records (`/users/{username}`): a listed value in a path is an object, not a function. */
const NAME_KEY = /^(user_?name|login|slug|handle|nick(name)?)$/i;
/** Keys that name the record an answer is about. */
const RECORD_NAME_KEY = /^(user_?name|login|slug|handle|nick(name)?|name)$/i;

/** Scalar values listed under name-like keys in every JSON response seen so far, lower-cased. */
function listedNames(exchanges: readonly Exchange[]): Set<string> {
  const names = new Set<string>();
  const take = (k: string, v: unknown) => {
    if (!NAME_KEY.test(k) || (typeof v !== "string" && typeof v !== "number")) return false;
    names.add(String(v).toLowerCase());
    return true;
  };
  for (const x of exchanges) if (isSuccess(x)) walkJsonKeys(jsonOf(x), take);
  return names;
}

/**
 * Is the admin-looking segment of `path` a record's name? It is when a listed record carries it
 * (`{"username": "admin"}`), when the answer itself is the record named so, or when a spec
 * template puts a parameter there (`/users/v1/{username}`).
 */
function namesARecord(path: string, x: Exchange, names: Set<string>, templates: readonly Operation[]): boolean {
  const segments = path.split("/");
  const index = segments.findIndex((s) => ROLE_GATED_SEGMENT.test(`/${s}`));
  if (index < 0) return false;
  const segment = segments[index].toLowerCase();
  if (names.has(segment) && index === segments.length - 1) return true;
  const answered = jsonOf(x);
  if (answered && typeof answered === "object" && !Array.isArray(answered)) {
    const record = answered as Record<string, unknown>;
    if (Object.entries(record).some(([k, v]) => RECORD_NAME_KEY.test(k) && String(v).toLowerCase() === segment))
      return true;
  }
  return templates.some((op) => {
    const parts = op.path.split("/");
    return (
      parts.length === segments.length &&
      /^\{[^}]+\}$/.test(parts[index]) &&
      parts.every((p, i) => i === index || /^\{[^}]+\}$/.test(p) || p.toLowerCase() === segments[i].toLowerCase())
    );
  });
}

export default defineCheck({
  meta: {
    id: "bfla-admin-paths",
    title: "Administrative function reachable by a regular caller (BFLA)",
    category: "bfla",
    severity: "high",
    confidence: "firm",
    owasp: ["API5:2023"],
    cwe: ["CWE-285"],
    maxRequests: ROLE_GATED_PATHS.length,
    description:
      "Role-gated paths under the API base (admin, internal, management...) were requested with the scan's identity, or with none. A JSON answer with data, on a host that does not answer every path alike, means the function does not check the caller's role. Six paths by default; `--bfla-deep` requests 60.",
    remediation:
      "Deny by default and check the caller's role or permission on every administrative route (e.g. a router-level `requireRole('admin')`), not only in the UI; keep admin functions on a separate, separately authenticated API where possible.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/"],
  },
  async run(ctx) {
    const base = apiBase(ctx.target.basePath);
    const known = new Set(ctx.target.operations.map((op) => op.path));
    const paths = pathsFor(ctx.options.enabled.has("bfla-deep"))
      .map((p) => base + p)
      .filter((p) => !known.has(p));
    const soft404 = await ctx.soft404();
    const authenticated = ctx.identities.has("primary");
    const templates = ctx.target.operations.filter((op) => op.method === "GET" && op.path.includes("{"));
    const report = (x: Exchange, path: string) => {
      // `/users/v1/admin` on `/users/v1/{username}` is the user called "admin", not an admin function.
      if (namesARecord(path, x, listedNames(ctx.exchanges()), templates)) return;
      ctx.report({
        confidence: authenticated ? "tentative" : "firm",
        message: authenticated
          ? `${path} answered ${x.status} with data to the scan's identity. If that identity is not an administrator, the function does not check roles.`
          : `${path} answered ${x.status} with data to a request without any credentials.`,
        exchange: x,
        operation: { method: "GET", path },
      });
    };
    // Role-gated operations the target already lists (e.g. from a spec): their baselines are free evidence.
    for (const op of ctx.target.operations) {
      const x = ctx.baseline(op);
      if (op.method !== "GET" || !x || !ROLE_GATED_SEGMENT.test(op.path)) continue;
      if (answeredData(x) && !soft404.isNotFound(x, new URL(x.request.url).pathname)) report(x, op.path);
    }
    for (const path of paths) {
      const x = await ctx.http.get(path);
      if (answeredData(x) && !soft404.isNotFound(x, path)) report(x, path);
    }
  },
});
