/**
 * Spec schemas as plain JSON Schema 2020-12 trees. Dereferenced specs share objects and may be
 * circular; checks and ajv need finite trees, so a schema that re-enters itself is cut to `{}`
 * (anything goes below that point) and very deep or very large schemas are cut the same way.
 * Swagger 2.0 / OpenAPI 3.0 dialect (`nullable`, boolean `exclusiveMinimum`, `x-nullable`) is
 * translated so one validator serves every version.
 */
import type { SpecVersion } from "./load.js";
import type { JsonSchema } from "./model.js";

const MAX_DEPTH = 16;
const MAX_NODES = 4000;

/** Keywords whose value is one schema. */
const SCHEMA_KEYS = [
  "additionalProperties",
  "items",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "additionalItems",
];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYS = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/** Annotations that carry no validation and only bloat the tree. */
const DROPPED_KEYS = new Set(["xml", "externalDocs", "discriminator", "description", "title"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function translateDialect(out: JsonSchema, version: SpecVersion): void {
  if (version === "3.1") return;
  const nullable = out.nullable === true || out["x-nullable"] === true;
  delete out.nullable;
  delete out["x-nullable"];
  for (const bound of ["Minimum", "Maximum"] as const) {
    const flag = out[`exclusive${bound}`];
    const limit = out[bound.toLowerCase()];
    if (typeof flag === "boolean") {
      delete out[`exclusive${bound}`];
      if (flag && typeof limit === "number") {
        out[`exclusive${bound}`] = limit;
        delete out[bound.toLowerCase()];
      }
    }
  }
  if (out.type === "file") delete out.type;
  if (nullable) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
}

/** A finite JSON Schema 2020-12 copy of a (possibly circular) spec schema. */
export function toJsonSchema(schema: unknown, version: SpecVersion): JsonSchema {
  let nodes = 0;
  const onPath = new Set<object>();
  const convert = (value: unknown, depth: number): JsonSchema => {
    if (value === true || !isObject(value)) return {};
    if (onPath.has(value) || depth > MAX_DEPTH || ++nodes > MAX_NODES) return {};
    onPath.add(value);
    const out: JsonSchema = {};
    for (const [key, child] of Object.entries(value)) {
      if (
        DROPPED_KEYS.has(key) ||
        (key.startsWith("x-") && key !== "x-nullable") ||
        key === "$ref" ||
        key === "$schema" ||
        key === "$id"
      )
        continue;
      if (SCHEMA_KEYS.includes(key)) out[key] = typeof child === "boolean" ? child : convert(child, depth + 1);
      else if (SCHEMA_LIST_KEYS.includes(key) && Array.isArray(child))
        out[key] = child.map((c) => convert(c, depth + 1));
      else if (SCHEMA_MAP_KEYS.includes(key) && isObject(child))
        out[key] = Object.fromEntries(Object.entries(child).map(([k, c]) => [k, convert(c, depth + 1)]));
      else out[key] = child;
    }
    // Draft-04 style tuple `items: [...]` (rare in specs) means prefixItems in 2020-12.
    if (Array.isArray(value.items)) {
      out.prefixItems = value.items.map((c) => convert(c, depth + 1));
      delete out.items;
    }
    translateDialect(out, version);
    onPath.delete(value);
    return out;
  };
  return convert(schema, 0);
}

/** Every sub-schema of a finite schema tree with its dotted location (`body.items.name`). */
export function* walkSchema(schema: JsonSchema, at: string): Generator<{ at: string; schema: JsonSchema }> {
  yield { at, schema };
  for (const key of SCHEMA_KEYS) {
    const child = schema[key];
    if (isObject(child)) yield* walkSchema(child, key === "items" ? `${at}[]` : `${at}.${key}`);
  }
  for (const key of SCHEMA_LIST_KEYS) {
    const list = schema[key];
    if (Array.isArray(list))
      for (const [i, c] of list.entries()) if (isObject(c)) yield* walkSchema(c, `${at}.${key}[${i}]`);
  }
  const properties = schema.properties;
  if (isObject(properties))
    for (const [name, c] of Object.entries(properties)) if (isObject(c)) yield* walkSchema(c, `${at}.${name}`);
}

/** The schema's primary type (first non-null of a type list). */
export function typeOf(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x) => x !== "null") as string | undefined;
  if (isObject(schema.properties)) return "object";
  return undefined;
}
