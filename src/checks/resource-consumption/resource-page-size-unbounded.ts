import { pageSizeParams, recordCount, withParam } from "../../detect/pagination.js";
import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { operationUrl } from "../../engine/target.js";

const HUGE_PAGE = 10_000;
/** A common server-side cap; returning more than this for one page is unbounded in practice. */
const REASONABLE_PAGE = 100;
const MAX_OPERATIONS = 2;

export default defineCheck({
  meta: {
    id: "resource-page-size-unbounded",
    title: "Page size not capped",
    category: "resource-consumption",
    severity: "medium",
    confidence: "firm",
    owasp: ["API4:2023"],
    cwe: ["CWE-770"],
    maxRequests: MAX_OPERATIONS,
    description:
      "A pagination parameter (`limit`, `per_page`, `size`...) set to 10,000 was honoured: more than 100 records came back in one response. One request can then dump a whole table and tie up the database.",
    remediation:
      "Clamp page sizes on the server (e.g. `limit = min(limit, 100)`) or reject larger values with 400, and document the maximum in the spec (`maximum:`).",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/"],
  },
  async run(ctx) {
    const targets = ctx.target.operations
      .filter((op) => op.method === "GET" && isRepeatable(op) && pageSizeParams(op).length > 0)
      .slice(0, MAX_OPERATIONS);
    if (targets.length === 0) return ctx.skip("no pagination parameter known");
    for (const op of targets) {
      const param = pageSizeParams(op)[0];
      const baseline = ctx.baseline(op);
      const x = await ctx.http.get(withParam(operationUrl(op), param, String(HUGE_PAGE)));
      if (!isSuccess(x) || isRefusal(x)) continue;
      const count = recordCount(x);
      const before = baseline ? recordCount(baseline) : -1;
      if (count <= REASONABLE_PAGE || count <= before) continue;
      ctx.report({
        operation: { method: op.method, path: op.path },
        message: `${param}=${HUGE_PAGE} returned ${count} records in one response (${x.body.length} bytes${before >= 0 ? `; the sample request returned ${before}` : ""}).`,
        exchange: x,
        key: param,
        evidence: { detail: `${count} records for ${param}=${HUGE_PAGE}` },
      });
    }
  },
});
