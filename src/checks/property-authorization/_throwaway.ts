/**
 * Throw-away objects for the benign writes of the active tier: a JSON body that satisfies a spec's
 * request schema (its required properties, from examples and types), with every identifying string
 * made unique and recognisable (`rmp-…`, `rmp…@example.com`), so what the scan creates is obviously
 * the scan's and never collides with real data.
 */
import type { CheckContext } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import type { Rng } from "../../engine/rng.js";
import { type Operation, operationUrl } from "../../engine/target.js";
import { sampleValue } from "../../openapi/fill.js";
import type { JsonSchema } from "../../openapi/model.js";

const IDENTIFYING = /name|user|login|email|title|handle|slug|label/i;

/** POST operations with a JSON request body, from a spec. */
export function jsonPostOperations(ctx: Pick<CheckContext, "target">): Operation[] {
  return ctx.target.operations.filter(
    (op) =>
      op.method === "POST" &&
      op.source === "spec" &&
      (op.requestBody?.contentTypes ?? []).some((t) => t.split(";")[0].trim().toLowerCase() === "application/json"),
  );
}

/** A body valid for the operation's schema, its identifying strings replaced by throw-away values. */
export function throwawayBody(op: Operation, rng: Rng): Record<string, unknown> {
  const schema = (op.requestBody?.schema ?? {}) as JsonSchema;
  const built = sampleValue(schema, "body").value;
  const body: Record<string, unknown> = built && typeof built === "object" && !Array.isArray(built) ? { ...built } : {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== "string" || !IDENTIFYING.test(key) || Array.isArray(properties[key]?.enum)) continue;
    body[key] =
      /mail/i.test(key) || properties[key]?.format === "email"
        ? `rmp${rng.token(10)}@example.com`
        : `rmp-${rng.token(10)}`;
  }
  return body;
}

/** Sends one JSON POST to the operation, marked as active-tier. */
export function postJson(ctx: Pick<CheckContext, "http">, op: Operation, body: unknown): Promise<Exchange> {
  return ctx.http.request({
    method: "POST",
    url: operationUrl(op),
    headers: { ...op.sampleHeaders, "content-type": "application/json" },
    body: JSON.stringify(body),
    tier: "active",
  });
}
