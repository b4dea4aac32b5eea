/**
 * Parameter slots: every place of every operation where a client puts a value (query parameters,
 * path segments), with the value a client sends there and a way to build the request with another
 * value in its place. The one enumeration the injection probes share, so every class probes the
 * same slots and the coverage names them the same way.
 *
 * Encoding: values are percent-encoded here from their UTF-8 bytes, never left for the URL parser
 * to guess, and never as invalid sequences (`%FF` alone): Express and WHATWG URL then decode
 * exactly the text the probe means. A path value has its `/` encoded, so it stays one segment.
 */
import { type Operation, operationUrl, type Target } from "./target.js";

export type SlotLocation = "query" | "path";

export interface ParamSlot {
  op: Operation;
  in: SlotLocation;
  name: string;
  /** The value a client sends in this slot (from the URL, the spec's example, or a filled sample). */
  value: string;
  /** Stable label for coverage and finding keys, e.g. `GET /api/items/{id} path:id`. */
  label: string;
}

/** A segment literal that carries a value rather than a route name (an id, a uuid, a numeric code). */
const VALUE_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})$/i;

/** Characters encodeURIComponent leaves alone that some servers or proxies treat specially. */
const EXTRA_ENCODE = /[!'()*]/g;

/** Percent-encodes a value from its UTF-8 bytes (also `'`, `(`, `)`, `*`, `!`). */
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(EXTRA_ENCODE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function splitUrl(pathAndQuery: string): { path: string; query: string } {
  const q = pathAndQuery.indexOf("?");
  return q < 0
    ? { path: pathAndQuery, query: "" }
    : { path: pathAndQuery.slice(0, q), query: pathAndQuery.slice(q + 1) };
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** The query's pairs as sent (raw, not re-encoded), so untouched parameters keep their bytes. */
function queryPairs(query: string): { rawName: string; name: string; rawValue: string }[] {
  if (!query) return [];
  return query
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf("=");
      const rawName = eq < 0 ? p : p.slice(0, eq);
      return { rawName, name: decodeSafely(rawName), rawValue: eq < 0 ? "" : p.slice(eq + 1) };
    });
}

export function sampleValue(op: Operation, name: string): string | undefined {
  const p = op.parameters.find((x) => x.name === name);
  const schema = p?.schema as { example?: unknown; default?: unknown; enum?: unknown[] } | undefined;
  const v = p?.example ?? schema?.example ?? schema?.default ?? schema?.enum?.[0];
  return v === undefined || v === null || typeof v === "object" ? undefined : String(v);
}

/** Every query and path slot of the GET operations of the target, in a stable order. */
export function parameterSlots(target: Target, methods: readonly string[] = ["GET"]): ParamSlot[] {
  const slots: ParamSlot[] = [];
  const seen = new Set<string>();
  for (const op of target.operations) {
    if (!methods.includes(op.method)) continue;
    const url = operationUrl(op);
    const { path, query } = splitUrl(url);
    const add = (slot: Omit<ParamSlot, "label" | "op">) => {
      const label = `${op.method} ${op.path} ${slot.in}:${slot.name}`;
      if (seen.has(label)) return;
      seen.add(label);
      slots.push({ ...slot, op, label });
    };
    const template = op.path.split("/");
    const concrete = path.split("/");
    for (let i = 0; i < concrete.length; i++) {
      const t = template.length === concrete.length ? template[i] : undefined;
      const named = t ? /^\{([^}]+)\}$/.exec(t) : null;
      if (named) add({ in: "path", name: named[1], value: decodeSafely(concrete[i]) });
      else if (VALUE_SEGMENT.test(concrete[i])) add({ in: "path", name: `#${i}`, value: concrete[i] });
    }
    const inQuery = new Set<string>();
    for (const pair of queryPairs(query)) {
      inQuery.add(pair.name);
      add({ in: "query", name: pair.name, value: decodeSafely(pair.rawValue) });
    }
    // Optional query parameters the spec declares but the sample left out are slots too.
    for (const p of op.parameters)
      if (p.in === "query" && !inQuery.has(p.name))
        add({ in: "query", name: p.name, value: sampleValue(op, p.name) ?? "1" });
  }
  return slots;
}

export interface SlotValueOptions {
  /** Query only: send the value under `name<suffix>` instead of `name` (e.g. `[$ne]` for bracket syntax). */
  nameSuffix?: string;
  /** The value is already percent-encoded as it must go on the wire (e.g. a double-encoded probe). */
  raw?: boolean;
}

/** The operation's URL (path and query) with `value` in the slot; every other byte as the sample had it. */
export function slotUrl(slot: ParamSlot, value: string, options: SlotValueOptions = {}): string {
  const encoded = options.raw ? value : encodeValue(value);
  const { path, query } = splitUrl(operationUrl(slot.op));
  if (slot.in === "path") {
    const segments = path.split("/");
    const index = slot.name.startsWith("#")
      ? Number(slot.name.slice(1))
      : slot.op.path.split("/").indexOf(`{${slot.name}}`);
    segments[index] = encoded;
    return query ? `${segments.join("/")}?${query}` : segments.join("/");
  }
  const name = encodeValue(slot.name) + (options.nameSuffix ?? "");
  const pairs = queryPairs(query);
  const at = pairs.findIndex((p) => p.name === slot.name);
  const rendered = pairs.map((p, i) => (i === at ? `${name}=${encoded}` : `${p.rawName}=${p.rawValue}`));
  if (at < 0) rendered.push(`${name}=${encoded}`);
  return `${path}?${rendered.join("&")}`;
}
