/**
 * Validating response bodies against their declared schema with ajv (JSON Schema 2020-12; the
 * schemas were translated from every spec dialect by schema.ts). Unknown formats are accepted,
 * as Schemathesis advises: format strictness drowns real drift in noise.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { JsonSchema } from "./model.js";

/** OpenAPI formats ajv-formats does not define: numeric widths and hints, accepted as is. */
const OPENAPI_FORMATS = ["int32", "int64", "float", "double", "byte", "binary", "password"];

export interface SchemaProblem {
  /** JSON pointer in the body (`/total`, `/items/0/id`); "" for the root. */
  at: string;
  message: string;
}

/** A validator with a compile cache, one per check run. */
export function createValidator(): (schema: JsonSchema, body: unknown) => SchemaProblem[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  const compiled = new Map<JsonSchema, ValidateFunction | undefined>();
  return (schema, body) => {
    if (!compiled.has(schema)) {
      try {
        compiled.set(schema, ajv.compile(schema));
      } catch {
        compiled.set(schema, undefined); // A schema ajv cannot compile cannot judge a body.
      }
    }
    const validate = compiled.get(schema);
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({
      at: e.instancePath,
      message:
        e.keyword === "additionalProperties"
          ? `has undeclared property "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : (e.message ?? "is invalid"),
    }));
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Properties a body carries that its schema does not declare, where the schema leaves
 * `additionalProperties` open (JSON Schema accepts them; they are still data nobody documented).
 */
export function undeclaredProperties(schema: JsonSchema, body: unknown, at = "", depth = 0): string[] {
  if (depth > 6) return [];
  if (Array.isArray(body)) {
    const items = schema.items;
    return isObject(items) && body.length > 0 ? undeclaredProperties(items, body[0], `${at}/0`, depth + 1) : [];
  }
  if (!isObject(body) || !isObject(schema.properties)) return [];
  const declared = schema.properties as Record<string, JsonSchema>;
  const open = schema.additionalProperties === undefined || schema.additionalProperties === true;
  const found: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key in declared) found.push(...undeclaredProperties(declared[key], value, `${at}/${key}`, depth + 1));
    else if (open && !isObject(schema.patternProperties)) found.push(`${at}/${key}`);
  }
  return found;
}
