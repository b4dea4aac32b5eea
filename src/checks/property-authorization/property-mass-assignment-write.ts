import { defineCheck } from "../../engine/check.js";
import { type Exchange, jsonOf } from "../../engine/http.js";
import type { Rng } from "../../engine/rng.js";
import type { Operation } from "../../engine/target.js";
import { jsonPostOperations, postJson, throwawayBody } from "../../openapi/throwaway.js";
import { PROTECTED_PROPERTY } from "./property-mass-assignment-surface.js";

const MAX_OPERATIONS = 3;
/** Properties tried when no response showed any. */
const FALLBACK = ["role", "isAdmin"];
const REGISTRATION = /sign_?up|register|registration|users?|accounts?|members?|customers?|profiles?/i;

/** Protected property names seen in the engine's baseline answers (not in other checks' traffic, whose timing varies), with a value seen. */
function seenProtected(exchanges: readonly Exchange[]): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 2 || !value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 3)) visit(v, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (PROTECTED_PROPERTY.test(k) && !seen.has(k) && (v === null || typeof v !== "object")) seen.set(k, v);
      else visit(v, depth + 1);
    }
  };
  for (const x of exchanges) visit(jsonOf(x), 0);
  return seen;
}

/** A value the server would never pick on its own for this property. */
function privilegedValue(name: string, seen: unknown, rng: Rng): unknown {
  if (typeof seen === "boolean" || /^(is_?|has_?)|admin|verified|approved|staff|superuser/i.test(name)) return true;
  if (typeof seen === "number" || /balance|credit|discount|score/i.test(name)) return 900_000 + rng.int(99_999);
  return /role|type|tier|plan/i.test(name) ? "admin" : `rmp-${rng.token(8)}`;
}

/** The created record inside an answer: the body, or its `data`/`user`/`item` wrapper. */
function recordOf(x: Exchange): Record<string, unknown> | undefined {
  const body = jsonOf(x);
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["data", "user", "item", "result", "account"]) {
    const inner = record[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner)) return inner as Record<string, unknown>;
  }
  return record;
}

function isCreate(op: Operation): boolean {
  const last = op.path.split("/").filter(Boolean).pop() ?? "";
  return (
    !last.startsWith("{") && (REGISTRATION.test(op.path) || /create|register|signup|add/i.test(op.operationId ?? ""))
  );
}

/** The GET operation that reads one record of the collection, e.g. `/users/{id}` for `/users`. */
function readOperation(ops: readonly Operation[], create: Operation): Operation | undefined {
  return ops.find(
    (op) => op.method === "GET" && new RegExp(`^${create.path.replace(/\/$/, "")}/\\{[^}]+\\}$`).test(op.path),
  );
}

function readBackUrl(
  read: Operation,
  created: Record<string, unknown>,
  location: string | undefined,
): string | undefined {
  if (location?.startsWith("/")) return location;
  const id = created.id ?? created.uuid ?? created._id;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  return read.path.replace(/\{[^}]+\}/, encodeURIComponent(String(id)));
}

export default defineCheck({
  meta: {
    id: "property-mass-assignment-write",
    title: "Mass assignment: a privileged property is accepted at creation",
    category: "property-authorization",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API3:2023"],
    cwe: ["CWE-915"],
    maxRequests: MAX_OPERATIONS * 3,
    methods: ["POST"],
    optIn: "active",
    description:
      "Active tier only (`--active`). At up to three create or registration operations of the spec, the scan creates two throw-away objects (`rmp-…` names): one plain, one with a privileged property seen in the API's answers (`role`, `isAdmin`, `balance`...) set to a value the server would not choose. The value coming back in the answer, different from the plain object's, is the finding; reading the object back confirms it was stored. Three requests per operation.",
    remediation:
      "Bind request bodies to an explicit allow-list of client-writable properties (a DTO or schema with additionalProperties: false); set privileges, balances and verification state only server-side.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/"],
  },
  async run(ctx) {
    const creates = jsonPostOperations(ctx).filter(isCreate).slice(0, MAX_OPERATIONS);
    if (creates.length === 0) return ctx.skip("no create or registration operation with a JSON body in the spec");
    const baselines = ctx.target.operations.map((op) => ctx.baseline(op)).filter((x): x is Exchange => x !== undefined);
    const seen = seenProtected(baselines);
    const [name] = seen.size > 0 ? [...seen.keys()].sort() : FALLBACK;
    for (const op of creates) {
      const value = privilegedValue(name, seen.get(name), ctx.rng);
      const plain = await postJson(ctx, op, throwawayBody(op, ctx.rng));
      if (plain.status < 200 || plain.status >= 300) continue;
      const probe = await postJson(ctx, op, { ...throwawayBody(op, ctx.rng), [name]: value });
      const created = recordOf(probe);
      if (probe.status >= 300 || !created || created[name] !== value || recordOf(plain)?.[name] === value) continue;
      const read = readOperation(ctx.target.operations, op);
      const url = read && readBackUrl(read, created, probe.headers.location);
      const readBack = url ? await ctx.http.get(url, { fresh: true }) : undefined;
      const stored = readBack !== undefined && recordOf(readBack)?.[name] === value;
      ctx.report({
        message: `${op.method} ${op.path} accepts ${name}=${JSON.stringify(value)} from the client: the created object has it${stored ? ", and reading it back shows it was stored" : ""}, where the plain object got ${JSON.stringify(recordOf(plain)?.[name] ?? null)}.`,
        confidence: stored ? "confirmed" : "firm",
        operation: { method: op.method, path: op.path },
        exchange: probe,
        key: name,
        evidence: {
          detail: `property ${name}; plain ${JSON.stringify(recordOf(plain)?.[name] ?? null)}; sent ${JSON.stringify(value)}; read back ${readBack ? JSON.stringify(recordOf(readBack)?.[name] ?? null) : "not possible"}`,
        },
      });
    }
  },
});
