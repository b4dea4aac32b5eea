import { describe, expect, it } from "vitest";
import { startShopFrontApi, startSwaggerUiExpressApi } from "../../lab/rest/twins.js";
import { scanWith } from "../../test/harness.js";
import { useLab } from "../../test/lab-hooks.js";
import { embeddedSpecIn, initScriptUrlsInPage } from "./discover.js";
import { openapiEnricher } from "./enricher.js";
import { openapiExtension } from "./extension.js";
import { bundlePaths, robotsPaths, sessionLinks } from "./path-hints.js";

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
    const openapi = openapiExtension.read(report);
    expect(openapi?.source?.location).toMatch(/\/api-docs\/swagger-ui-init\.js$/);
    expect(openapi?.operations?.map((o) => o.path)).toEqual(["/api/products"]);
    expect(lab.calls("/api/products")).toBeGreaterThan(0);
  });
});

describe("paths the target names itself", () => {
  const shop = useLab(startShopFrontApi);

  it("reads robots.txt rules and API path literals in bundles", () => {
    expect(robotsPaths("User-agent: *\nDisallow: /ftp\nAllow: /api/public$\nDisallow: /*.bak\nDisallow: /\n")).toEqual([
      "/ftp",
      "/api/public",
    ]);
    expect(bundlePaths(`x="/rest/a/b";y='/api/C/';z="/assets/x.png";w="/apix"`)).toEqual(["/rest/a/b", "/api/C/"]);
  });

  it("adds them to the target model: each gets one baseline GET", async () => {
    await scanWith([], `${shop.origin}/`, { enrichers: [openapiEnricher()] });
    for (const path of ["/ftp", "/rest/products/search", "/api/Feedbacks/", "/rest/user/whoami", "/account/sign-in"])
      expect(shop.calls(path), path).toBe(1);
    expect(
      sessionLinks(
        '<a href="/login">x</a><form action="https://elsewhere.test/signin"></form>',
        `${shop.origin}/`,
        shop.origin,
      ),
    ).toEqual(["/login"]);
  });
});
