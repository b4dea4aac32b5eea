import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, graphqlEndpoint } from "../../engine/graphql.js";
import { contentType, textOf } from "../../engine/http.js";

/** Markers of the in-browser GraphQL IDEs. */
const IDE_MARKER = /graphiql|graphql[- ]playground|altair|graphql[- ]voyager|embeddable-sandbox|apollo sandbox/i;

export default defineCheck({
  meta: {
    id: "graphql-ide-exposed",
    title: "GraphQL IDE served on the endpoint",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-200"],
    maxRequests: DISCOVERY_REQUESTS + 1,
    methods: ["POST"],
    description:
      "The GraphQL endpoint itself serves an in-browser IDE (GraphiQL, Playground, Altair...) to a browser: an invitation to explore the schema and run queries with a visitor's cookies. Separate IDE paths are covered by the exposed-paths checks.",
    remediation: "Serve the IDE only in development builds, or behind authentication for developers.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    const x = await ctx.http.get(endpoint.path, { headers: { accept: "text/html" } });
    if (x.status < 200 || x.status >= 300 || !contentType(x).includes("html")) return;
    const marker = IDE_MARKER.exec(textOf(x))?.[0];
    if (!marker) return;
    ctx.report({
      message: `GET ${endpoint.path} from a browser serves an IDE page (${marker}).`,
      exchange: x,
      operation: { method: "GET", path: endpoint.path },
      key: marker.toLowerCase(),
    });
  },
});
