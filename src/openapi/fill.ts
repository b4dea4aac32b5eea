/**
 * Concrete values for an operation's parameters, so its GET can be requested as a client would.
 * Order of preference: the parameter's example, the schema's example, its default, its first enum
 * value, then a value built from the schema (ids and numbers start at 1). No randomness: the same
 * spec always gives the same URLs.
 */
import type { Parameter } from "../engine/target.js";
import type { JsonSchema } from "./model.js";
import { typeOf } from "./schema.js";

export type FillSource = "example" | "default" | "enum" | "schema";

export interface FilledParameter {
  name: string;
  in: Parameter["in"];
  /** Serialised value sent (absent when the parameter was left out). */
  value?: string;
  source?: FillSource;
  /** Why an optional parameter was left out, or why a required one could not be sent. */
  note?: string;
}

export interface FilledRequest {
  /** Path and query to request (the operation's path template already joined with the base path). */
  url: string;
  /** Header parameters sent with the request (never credentials). */
  headers: Record<string, string>;
  parameters: FilledParameter[];
}

/** Header parameters OpenAPI says to ignore (described elsewhere in the spec). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
/** Credentials come from the scan's identities (--auth, --header), never from made-up values. */
const CREDENTIAL_HEADER = /^(proxy-authorization|cookie)$|token|auth|api[-_]?key|secret|session|password/i;

/** Built values for string formats a server is likely to validate. */
const FORMAT_SAMPLES: Record<string, string> = {
  uuid: "00000000-0000-4000-8000-000000000001",
  date: "2024-01-01",
  "date-time": "2024-01-01T00:00:00Z",
  time: "00:00:00Z",
  email: "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  byte: "AQ==",
  int32: "1",
  int64: "1",
};
/** Strings tried, in order, against a `pattern` when no format or example says more. */
const PATTERN_CANDIDATES = ["1", "a", "A", "abc", "test", "A1", "a-1", "2024-01-01", "user@example.com"];

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

/** 1 when the bounds allow it (ids start at 1), else the nearest bound. */
function boundedNumber(schema: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  const lows = [
    typeof schema.minimum === "number" ? schema.minimum : undefined,
    typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + step : undefined,
  ].filter((n): n is number => n !== undefined);
  const highs = [
    typeof schema.maximum === "number" ? schema.maximum : undefined,
    typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - step : undefined,
  ].filter((n): n is number => n !== undefined);
  const low = Math.max(1, ...lows);
  const value = highs.length > 0 && low > Math.min(...highs) ? Math.min(...highs) : low;
  return integer ? Math.ceil(value) : value;
}

function stringFor(schema: JsonSchema, name: string): string {
  const format = typeof schema.format === "string" ? schema.format : "";
  let value = FORMAT_SAMPLES[format] ?? (/(^|_|-)?id$|Id$|^id/i.test(name) ? "1" : "test");
  if (typeof schema.pattern === "string") {
    try {
      const pattern = new RegExp(schema.pattern, "u");
      if (!pattern.test(value)) value = PATTERN_CANDIDATES.find((c) => pattern.test(c)) ?? value;
    } catch {
      // An invalid pattern cannot guide us; keep the built value.
    }
  }
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (value.length < minLength) value = value.padEnd(minLength, "a");
  if (value.length > maxLength) value = value.slice(0, maxLength);
  return value;
}

/** A value valid for the schema (as far as cheaply possible) and where it came from. */
export function sampleValue(
  schema: JsonSchema | undefined,
  name: string,
  explicitExample?: unknown,
): { value: unknown; source: FillSource } {
  if (explicitExample !== undefined) return { value: explicitExample, source: "example" };
  const s = schema ?? {};
  if (s.example !== undefined) return { value: s.example, source: "example" };
  if (Array.isArray(s.examples) && s.examples.length > 0) return { value: s.examples[0], source: "example" };
  if (s.default !== undefined) return { value: s.default, source: "default" };
  if (Array.isArray(s.enum) && s.enum.length > 0)
    return { value: s.enum.find((v) => v !== null) ?? s.enum[0], source: "enum" };
  if (s.const !== undefined) return { value: s.const, source: "enum" };
  const composite = firstOf(s.allOf) ?? firstOf(s.oneOf) ?? firstOf(s.anyOf);
  const type = typeOf(s);
  if (!type && composite) return sampleValue(composite as JsonSchema, name);
  switch (type) {
    case "integer":
      return { value: boundedNumber(s, true), source: "schema" };
    case "number":
      return { value: boundedNumber(s, false), source: "schema" };
    case "boolean":
      return { value: true, source: "schema" };
    case "array": {
      const item = sampleValue(s.items as JsonSchema | undefined, name);
      const count = Math.max(1, typeof s.minItems === "number" ? s.minItems : 1);
      return { value: Array.from({ length: count }, () => item.value), source: item.source };
    }
    case "object": {
      const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      const value = Object.fromEntries(required.map((key) => [key, sampleValue(properties[key], key).value]));
      return { value, source: "schema" };
    }
    default:
      return { value: stringFor(s, name), source: "schema" };
  }
}

/** How a value travels in a path or query string: arrays comma-joined, objects as JSON. */
function serialise(value: unknown): string {
  if (Array.isArray(value)) return value.map(serialise).join(",");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * The URL to request an operation with: path parameters always filled; query parameters when
 * required or when the spec gives an explicit example (documented usage), header parameters the
 * same way unless they carry credentials; cookie parameters are listed but not sent.
 */
export function fillRequest(pathTemplate: string, parameters: readonly Parameter[]): FilledRequest {
  const filled: FilledParameter[] = [];
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  let path = pathTemplate;
  for (const param of parameters) {
    const hasExample = param.example !== undefined || param.schema?.example !== undefined;
    if (param.in === "cookie") {
      filled.push({ name: param.name, in: param.in, note: "cookie parameters are not sent" });
      continue;
    }
    if (
      param.in === "header" &&
      (IGNORED_HEADERS.has(param.name.toLowerCase()) || CREDENTIAL_HEADER.test(param.name))
    ) {
      filled.push({
        name: param.name,
        in: param.in,
        note: "credential or content header: comes from the scan's options",
      });
      continue;
    }
    if ((param.in === "query" || param.in === "header") && !param.required && !hasExample) {
      filled.push({ name: param.name, in: param.in, note: "optional, left out" });
      continue;
    }
    const { value, source } = sampleValue(param.schema, param.name, param.example);
    const text = serialise(value);
    if (param.in === "path") path = path.split(`{${param.name}}`).join(encodeURIComponent(text));
    else if (param.in === "header") headers[param.name.toLowerCase()] = text;
    else query.append(param.name, text);
    filled.push({ name: param.name, in: param.in, value: text, source });
  }
  // A template variable without a declared parameter still needs a value to be requestable.
  path = path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    filled.push({ name, in: "path", value: "1", source: "schema", note: "not declared as a parameter" });
    return "1";
  });
  const search = query.toString();
  return { url: search ? `${path}?${search}` : path, headers, parameters: filled };
}
