/** Exposure pack entries: GraphQL IDEs and endpoints. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { page } from "./validators.js";

export const GRAPHQL: readonly ExposurePath[] = [
  ...entries(["/graphiql", "/graphql/console", "/playground", "/altair", "/voyager", "/graphql-playground"], {
    group: "graphql",
    title: "GraphQL IDE is public",
    severity: "low",
    rationale:
      "An in-browser IDE invites schema exploration; risky mainly with introspection on, judged by the GraphQL checks.",
    validate: page(/graphiql|GraphQL Playground|graphql-playground|Altair|graphql-voyager|GraphQL Voyager/i),
  }),
  ...entries(["/graphql"], {
    group: "graphql",
    title: "GraphQL endpoint answers GET queries",
    severity: "info",
    rationale: "Inventory: a GraphQL endpoint exists (GET queries can be CSRF-able); the GraphQL checks judge it.",
    validate: (body) => /"data"\s*:\s*\{\s*"__typename"|Must provide query string|GET query missing/i.test(body),
  }),
];
