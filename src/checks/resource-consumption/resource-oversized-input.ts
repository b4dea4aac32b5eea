import { PAGE_SIZE_PARAM, withParam } from "../../detect/pagination.js";
import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { operationUrl } from "../../engine/target.js";

const QUERY_VALUE_BYTES = 10 * 1024;
const BODY_BYTES = 1024 * 1024;

/** One JSON object of exactly `bytes` bytes with a single padding property (no field the API knows). */
export function paddingBody(bytes: number): string {
  const shell = JSON.stringify({ rampartPadding: "" });
  return JSON.stringify({ rampartPadding: "A".repeat(bytes - shell.length) });
}

export default defineCheck({
  meta: {
    id: "resource-oversized-input",
    title: "Oversized input accepted",
    category: "resource-consumption",
    severity: "low",
    confidence: "firm",
    owasp: ["API4:2023"],
    cwe: ["CWE-770", "CWE-1284"],
    maxRequests: 2,
    methods: ["POST"],
    description:
      "A 10 KB value in an existing query parameter, and a 1 MB JSON body where the API already takes POST, were answered 2xx instead of 413/414/400: the API reads and processes input of any size. The body holds one padding property and nothing else.",
    remediation:
      "Cap URL length and body size at the edge (e.g. `client_max_body_size`, `express.json({ limit: '100kb' })`) and give strings `maxLength` in the schema.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/"],
  },
  async run(ctx) {
    let tried = 0;
    const queryOp = ctx.target.operations.find(
      (op) =>
        op.method === "GET" &&
        isRepeatable(op) &&
        op.parameters.some((p) => p.in === "query" && !PAGE_SIZE_PARAM.test(p.name)),
    );
    if (queryOp) {
      tried++;
      const param = queryOp.parameters.find((p) => p.in === "query" && !PAGE_SIZE_PARAM.test(p.name))!.name;
      const x = await ctx.http.get(withParam(operationUrl(queryOp), param, "A".repeat(QUERY_VALUE_BYTES)));
      if (isSuccess(x) && !isRefusal(x))
        ctx.report({
          operation: { method: "GET", path: queryOp.path },
          message: `A ${QUERY_VALUE_BYTES / 1024} KB value in query parameter \`${param}\` was answered ${x.status}.`,
          exchange: x,
          key: `query:${param}`,
        });
    }
    const postOp = ctx.target.operations.find(
      (op) => op.method === "POST" && op.requestBody?.contentTypes.some((t) => t.includes("json")),
    );
    if (postOp) {
      tried++;
      const x = await ctx.http.request({
        method: "POST",
        url: operationUrl(postOp),
        headers: { "content-type": "application/json" },
        body: paddingBody(BODY_BYTES),
        maxBodyBytes: 64 * 1024,
      });
      if (isSuccess(x) && !isRefusal(x))
        ctx.report({
          severity: "medium",
          operation: { method: "POST", path: postOp.path },
          message: `A 1 MB JSON body was answered ${x.status} by POST ${postOp.path}.`,
          exchange: x,
          key: "body",
        });
    }
    if (tried === 0) ctx.skip("no query parameter or JSON POST operation known");
  },
});
