/**
 * Object identifiers in request URLs: numeric path segments (or `{param}` templates) and
 * id-like query parameters. A slot says where the id sits so other values can be put there.
 */
import { type Exchange, jsonOf } from "../engine/http.js";
import type { Operation } from "../engine/target.js";

export interface IdSlot {
  /** `path:<segment index>` or `query:<name>`: part of the finding key. */
  label: string;
  value: number;
  /** The URL (path and query) with `id` in this slot. */
  withId(id: number): string;
}

const ID_PARAM = /^(id|ids?|.*[-_]id|.*Id|uid|user|account|order|invoice|doc|document|file|item|record|no|number)$/;

/** Id slots in a concrete URL, path segments first. Numbers up to 12 digits (not timestamps or phone numbers beyond). */
export function idSlots(pathAndQuery: string, op?: Operation): IdSlot[] {
  const u = new URL(pathAndQuery, "http://placeholder.invalid");
  const segments = u.pathname.split("/");
  const templateSegments = op?.path.split("/") ?? [];
  const slots: IdSlot[] = [];
  segments.forEach((segment, i) => {
    const templated = templateSegments.length === segments.length && /^\{[^}]+\}$/.test(templateSegments[i]);
    if (!/^\d{1,12}$/.test(segment) && !(templated && /^\d{1,12}$/.test(segment))) return;
    slots.push({
      label: `path:${i}`,
      value: Number(segment),
      withId: (id) => {
        const copy = segments.slice();
        copy[i] = String(id);
        return copy.join("/") + u.search;
      },
    });
  });
  for (const [name, value] of u.searchParams) {
    if (!ID_PARAM.test(name) || !/^\d{1,12}$/.test(value)) continue;
    slots.push({
      label: `query:${name}`,
      value: Number(value),
      withId: (id) => {
        const copy = new URL(u.href);
        copy.searchParams.set(name, String(id));
        return copy.pathname + copy.search;
      },
    });
  }
  return slots;
}

/**
 * Calls `take` on every key of the JSON objects in `v`, at most 4 levels deep and over the first
 * 50 items of each array; a value `take` accepts (returns true for) is not descended into.
 */
export function walkJsonKeys(v: unknown, take: (key: string, value: unknown) => boolean, depth = 0): void {
  if (depth > 4 || v === null || typeof v !== "object") return;
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 50)) walkJsonKeys(item, take, depth + 1);
    return;
  }
  for (const [k, child] of Object.entries(v)) if (!take(k, child)) walkJsonKeys(child, take, depth + 1);
}

/** Numeric `id` values of objects in JSON responses (list responses name the ids that exist). */
export function idsInResponses(exchanges: readonly Exchange[]): number[] {
  const ids = new Set<number>();
  const take = (k: string, child: unknown) => {
    if (k !== "id" || typeof child !== "number" || !Number.isInteger(child) || child < 0) return false;
    ids.add(child);
    return true;
  };
  for (const x of exchanges) if (x.status >= 200 && x.status < 300) walkJsonKeys(jsonOf(x), take);
  return [...ids].sort((a, b) => a - b);
}

/** Candidate ids near `own`: ids seen in responses first (nearest first), then adjacent numbers. */
export function candidateIds(own: number, seen: readonly number[], count: number): number[] {
  const near = (a: number, b: number) => Math.abs(a - own) - Math.abs(b - own) || a - b;
  const fromResponses = seen.filter((id) => id !== own).sort(near);
  const adjacent = [own + 1, own - 1, own + 2, own - 2, own + 3, own - 3, own + 4, own + 5].filter((id) => id >= 0);
  const out: number[] = [];
  for (const id of [...fromResponses, ...adjacent]) if (!out.includes(id) && out.length < count) out.push(id);
  return out;
}
