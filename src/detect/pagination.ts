/** Pagination and size parameters, and how many records an answer holds. */
import { type Exchange, jsonOf } from "../engine/http.js";
import type { Operation } from "../engine/target.js";

export const PAGE_SIZE_PARAM =
  /^(limit|per_?page|perpage|page_?size|pagesize|size|count|max|max_?results|maxresults|top|\$top|first|take|rows|num|results)$/i;

/** Query parameters of an operation that set a page size. */
export function pageSizeParams(op: Operation): string[] {
  return op.parameters.filter((p) => p.in === "query" && PAGE_SIZE_PARAM.test(p.name)).map((p) => p.name);
}

/** The longest array at the top level or one level down (`{items: [...]}`), or -1 without JSON. */
export function recordCount(x: Exchange): number {
  const body = jsonOf(x);
  if (Array.isArray(body)) return body.length;
  if (!body || typeof body !== "object") return -1;
  const lengths = Object.values(body).map((v) => (Array.isArray(v) ? v.length : -1));
  return Math.max(-1, ...lengths);
}

/** The URL (path and query) with one query parameter set. */
export function withParam(pathAndQuery: string, name: string, value: string): string {
  const u = new URL(pathAndQuery, "http://placeholder.invalid");
  u.searchParams.set(name, value);
  return u.pathname + u.search;
}
