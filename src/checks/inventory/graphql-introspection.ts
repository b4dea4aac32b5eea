import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, dataOf, graphqlEndpoint, postQuery } from "../../engine/graphql.js";

/** Small on purpose: enough to prove introspection answers, not a full schema dump. */
const INTROSPECTION_QUERY = "query RampartIntrospection { __schema { queryType { name } types { name kind } } }";

export default defineCheck({
  meta: {
    id: "graphql-introspection",
    title: "GraphQL introspection enabled",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-200"],
    maxRequests: DISCOVERY_REQUESTS + 1,
    methods: ["POST"],
    description:
      "The GraphQL endpoint (found at a few usual paths with a `{__typename}` query) answers an introspection query: anyone gets the full schema, including types, fields and mutations that the clients never show.",
    remediation:
      "Disable introspection in production (e.g. Apollo `introspection: false`, graphql-java `NoIntrospectionGraphqlFieldVisibility`) or allow it only to authenticated developers.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    const x = await postQuery(ctx, endpoint.path, { query: INTROSPECTION_QUERY });
    const types = (dataOf(x)?.__schema as { types?: { name?: string }[] } | undefined)?.types;
    if (!Array.isArray(types) || types.length === 0) return;
    const named = types.map((t) => String(t.name ?? "")).filter((n) => n && !n.startsWith("__"));
    ctx.report({
      message: `${endpoint.path} answered an introspection query with ${types.length} types (e.g. ${named.slice(0, 5).join(", ")}).`,
      exchange: x,
      operation: { method: "POST", path: endpoint.path },
      evidence: { detail: `${types.length} types in __schema` },
    });
  },
});
