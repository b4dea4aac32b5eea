import { defineCheck } from "../../engine/check.js";
import { DISCOVERY_REQUESTS, errorMessages, graphqlEndpoint, postQuery } from "../../engine/graphql.js";

/** `types` misspelled inside `__schema`: servers with suggestions answer `Did you mean "types"?`. */
const MISSPELLED_QUERY = "{ __schema { typez } }";
/** And a misspelled root field, for servers that block `__schema` before validating it. */
const MISSPELLED_ROOT_QUERY = "{ __typenamee }";

export default defineCheck({
  meta: {
    id: "graphql-field-suggestions",
    title: "GraphQL suggests field names in errors",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-209"],
    maxRequests: DISCOVERY_REQUESTS + 2,
    methods: ["POST"],
    description:
      '"Did you mean ...?" hints in validation errors let anyone rebuild the schema field by field even with introspection turned off (tools automate it).',
    remediation:
      "Turn off field suggestions in production (e.g. graphql-js/Apollo: mask or strip `Did you mean` from validation errors; Hot Chocolate, Strawberry and others have a setting).",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html"],
  },
  async run(ctx) {
    const endpoint = await graphqlEndpoint(ctx);
    if (!endpoint) return ctx.skip("no GraphQL endpoint found");
    for (const query of [MISSPELLED_QUERY, MISSPELLED_ROOT_QUERY]) {
      const x = await postQuery(ctx, endpoint.path, { query });
      const hint = errorMessages(x).find((m) => /did you mean/i.test(m));
      if (!hint) continue;
      ctx.report({
        message: `${endpoint.path} answered a misspelled field with a suggestion: ${hint.slice(0, 120)}`,
        exchange: x,
        operation: { method: "POST", path: endpoint.path },
        evidence: { excerpt: hint.slice(0, 200) },
      });
      return;
    }
  },
});
