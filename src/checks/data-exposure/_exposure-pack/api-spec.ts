/** Exposure pack entries: API specifications and interactive docs. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { isSpec, json, page, specOrUi } from "./validators.js";

export const API_SPECS: readonly ExposurePath[] = [
  ...entries(["/openapi.json", "/swagger.json", "/v3/api-docs", "/v2/api-docs", "/api-docs"], {
    group: "api-spec",
    title: "API specification is public",
    severity: "info",
    rationale:
      "Often intended; it maps every operation and parameter for an attacker, so it is recorded for the OpenAPI layer.",
    validate: specOrUi,
  }),
  ...entries(["/openapi.yaml", "/swagger.yaml", "/swagger/v1/swagger.json", "/api/swagger.json", "/api/openapi.json"], {
    group: "api-spec",
    title: "API specification is public",
    severity: "info",
    rationale:
      "Often intended; it maps every operation and parameter for an attacker, so it is recorded for the OpenAPI layer.",
    validate: specOrUi,
  }),
  ...entries(
    [
      "/openapi.yml",
      "/swagger.yml",
      "/api-docs.json",
      "/swagger/v2/swagger.json",
      "/api/v2/api-docs",
      "/docs/openapi.json",
      "/asyncapi.json",
    ],
    {
      group: "api-spec",
      title: "API specification is public",
      severity: "info",
      rationale: "Often intended; it maps every operation and parameter for an attacker.",
      validate: (body) => isSpec(body) || json((v) => typeof v.asyncapi === "string")(body),
      tier: "deep",
    },
  ),
  ...entries(["/swagger-ui.html", "/swagger-ui/", "/docs", "/redoc", "/api-docs/", "/swagger/"], {
    group: "api-docs",
    title: "Interactive API documentation is public",
    severity: "info",
    rationale:
      "Inventory: interactive docs let anyone try every operation; fine for a public API, not for an internal one.",
    validate: page(/swagger-ui|SwaggerUIBundle|<redoc|redoc\.standalone/i),
  }),
  ...entries(["/application.wadl", "/postman_collection.json", "/api.postman_collection.json"], {
    group: "api-spec",
    title: "API description or collection is public",
    severity: "medium",
    rationale: "WADL files map the API; Postman collections often carry environments with real tokens.",
    validate: (body) =>
      /<application[^>]+wadl/i.test(body) ||
      json((v) => typeof v.info === "object" && /_postman_id|getpostman/.test(body))(body),
  }),
];
