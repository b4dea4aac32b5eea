import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";

/** /v1/, /v2.1/, /2024-01-01/ as a whole path segment, or a bare number right after /api/ (/api/3/); other numbers are ids. */
const VERSION_SEGMENT = /(^|\/)(v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})(\/|$)|\/api\/\d+(\.\d+)?(\/|$)/i;
/** ?api-version=, ?version=, ?v= in the URL. */
const VERSION_QUERY = /[?&](api[-_]?version|version|v)=/i;
const VERSION_HEADERS = ["api-version", "x-api-version", "accept-version", "x-version"];
/** application/vnd.acme.v2+json, application/json; version=2 */
const VERSIONED_MEDIA_TYPE = /vnd\.[\w.-]*v\d|version=/i;

export function pathShowsVersion(pathAndQuery: string): boolean {
  const [path] = pathAndQuery.split("?");
  return VERSION_SEGMENT.test(path) || VERSION_QUERY.test(pathAndQuery);
}

function responseShowsVersion(x: Exchange): boolean {
  return (
    VERSION_HEADERS.some((h) => x.headers[h] !== undefined) ||
    VERSIONED_MEDIA_TYPE.test(x.headers["content-type"] ?? "")
  );
}

export default defineCheck({
  meta: {
    id: "inventory-no-versioning",
    title: "No API versioning visible",
    category: "inventory",
    severity: "info",
    confidence: "tentative",
    owasp: ["API9:2023"],
    cwe: ["CWE-1059"],
    phase: "passive",
    maxRequests: 0,
    description:
      "An API whose paths, query, headers and media types show no version makes it hard to retire old behaviour and to keep an inventory of what is exposed; old and new clients end up sharing one ever-changing surface. Informational, judged from the known operations and their baseline responses.",
    remediation:
      "Version the API explicitly (a /v1/ path segment, a version header or a versioned media type), document each version and retire old ones on a schedule.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/"],
  },
  async run(ctx) {
    const ops = ctx.target.operations;
    // Only the root is known (a bare host was given): there is no API path to judge.
    if (ops.every((op) => op.path === "/" || op.path === ""))
      return ctx.skip("only the root path is known; no API path to judge");
    const urls = ops.map((op) => op.sampleUrl ?? op.path);
    const baselines = ops.flatMap((op) => ctx.baseline(op) ?? []);
    if (urls.some(pathShowsVersion) || baselines.some(responseShowsVersion)) return;
    const first = ops[0];
    ctx.report({
      message: `None of the ${ops.length} known operation(s) (e.g. ${first.method} ${first.path}) shows a version in its path, query, headers or media type.`,
      operation: { method: first.method, path: first.path },
      ...(baselines[0] ? { exchange: baselines[0] } : {}),
      key: "no-version",
    });
  },
});
