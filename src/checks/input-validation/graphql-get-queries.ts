import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, dataOf, graphqlEndpoint, TYPENAME_QUERY } from "../../engine/graphql.js";

export default defineCheck({
  meta: {
    id: "graphql-get-queries",
    title: "GraphQL executes queries sent with GET (CSRF)",
    category: "input-validation",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-352"],
    maxRequests: DISCOVERY_REQUESTS + 1,
    methods: ["POST"],
    description:
      "The endpoint runs an operation passed in the URL of a GET. A link or image on another site then makes a signed-in browser run it with its cookies (cross-site request forgery), and queries land in logs and caches; it is worse if mutations are accepted the same way.",
    remediation:
      "Accept GraphQL only as POST with `Content-Type: application/json` (or require a CSRF token / custom header, e.g. Apollo's CSRF prevention), and never run mutations from GET.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    const x = await ctx.http.get(`${endpoint.path}?query=${encodeURIComponent(TYPENAME_QUERY)}`, {
      headers: { accept: "application/json" },
    });
    if (x.status < 200 || x.status >= 300 || typeof dataOf(x)?.__typename !== "string") return;
    ctx.report({
      message: `GET ${endpoint.path}?query=${TYPENAME_QUERY} was executed (${x.status}).`,
      exchange: x,
      operation: { method: "GET", path: endpoint.path },
    });
  },
});
