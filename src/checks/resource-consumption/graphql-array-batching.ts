import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, graphqlEndpoint, postQuery, TYPENAME_QUERY } from "../../engine/graphql.js";
import { jsonOf } from "../../engine/http.js";

/** Small and harmless: three `{__typename}` operations in one request. */
const BATCH_SIZE = 3;

export default defineCheck({
  meta: {
    id: "graphql-array-batching",
    title: "GraphQL accepts batched operations",
    category: "resource-consumption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API4:2023"],
    cwe: ["CWE-770", "CWE-307"],
    maxRequests: DISCOVERY_REQUESTS + 1,
    methods: ["POST"],
    description:
      "A JSON array of operations in one request was executed: one HTTP request can carry thousands of login or OTP attempts, slipping past per-request rate limits. Tested with three `{__typename}` operations.",
    remediation:
      "Disable array batching, or cap the operations per request and count each toward rate limits (e.g. Apollo `allowBatchedHttpRequests: false`).",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#batching-attacks"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    const x = await postQuery(
      ctx,
      endpoint.path,
      Array.from({ length: BATCH_SIZE }, () => ({ query: TYPENAME_QUERY })),
    );
    const body = jsonOf(x);
    const executed = Array.isArray(body)
      ? body.filter((r) => typeof (r as { data?: { __typename?: unknown } })?.data?.__typename === "string").length
      : 0;
    if (executed < BATCH_SIZE) return;
    ctx.report({
      message: `${endpoint.path} executed a batch of ${BATCH_SIZE} operations sent in one request.`,
      exchange: x,
      operation: { method: "POST", path: endpoint.path },
    });
  },
});
