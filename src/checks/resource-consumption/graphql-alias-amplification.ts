import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, dataOf, graphqlEndpoint, postQuery } from "../../engine/graphql.js";

/** Bounded: 50 aliases of the cheapest field there is. */
const ALIASES = 50;

export function aliasQuery(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(" ")} }`;
}

export default defineCheck({
  meta: {
    id: "graphql-alias-amplification",
    title: "GraphQL runs many aliases of a field in one operation",
    category: "resource-consumption",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API4:2023"],
    cwe: ["CWE-770"],
    maxRequests: DISCOVERY_REQUESTS + 1,
    methods: ["POST"],
    description:
      "One operation with 50 aliases of the same field was executed in full: with an expensive or sensitive field (a login mutation, a search) aliases multiply the work or the guesses per request without any limit. Tested with `__typename` only.",
    remediation:
      "Limit aliases and query cost (depth and complexity analysis, e.g. graphql-armor or a cost directive) and count aliased calls toward rate limits.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#query-limiting-depth-amount"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    const x = await postQuery(ctx, endpoint.path, { query: aliasQuery(ALIASES) });
    const answered = Object.keys(dataOf(x) ?? {}).filter((k) => /^a\d+$/.test(k)).length;
    if (answered < ALIASES) return;
    ctx.report({
      message: `${endpoint.path} executed all ${ALIASES} aliases of one field in a single operation.`,
      exchange: x,
      operation: { method: "POST", path: endpoint.path },
    });
  },
});
