import { describe, expect, it } from "vitest";
import { startSwaggerUiExpressApi } from "../../lab/rest/twins.js";
import { scanWith } from "../../test/harness.js";
import { useLab } from "../../test/lab-hooks.js";
import { embeddedSpecIn, initScriptUrlsInPage } from "./discover.js";
import { openapiEnricher } from "./enricher.js";

describe("spec discovery through swagger-ui-express", () => {
  const lab = useLab(startSwaggerUiExpressApi);

  it("reads the spec embedded in swagger-ui-init.js, and nothing from a script without one", () => {
    expect(initScriptUrlsInPage('<script src="./swagger-ui-init.js"></script>')).toEqual(["./swagger-ui-init.js"]);
    const spec = embeddedSpecIn('let options = {"swaggerDoc": {"openapi": "3.0.0", "paths": {"/a": {}}}, "x": "}"};');
    expect(JSON.parse(spec ?? "null")).toEqual({ openapi: "3.0.0", paths: { "/a": {} } });
    expect(embeddedSpecIn('let options = {"swaggerUrl": "/spec.json"};')).toBeUndefined();
  });

  it("finds the embedded spec from /api-docs and scans its operations at the origin root", async () => {
    const report = await scanWith([], `${lab.origin}/`, { enrichers: [openapiEnricher()] });
    const openapi = report.extensions?.openapi as { source: { location: string }; operations: { path: string }[] };
    expect(openapi.source.location).toMatch(/\/api-docs\/swagger-ui-init\.js$/);
    expect(openapi.operations.map((o) => o.path)).toEqual(["/api/products"]);
    expect(lab.calls("/api/products")).toBeGreaterThan(0);
  });
});
