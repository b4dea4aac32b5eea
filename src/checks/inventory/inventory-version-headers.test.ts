import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/auth.js";
import { startSwaggerUiExpressApi } from "../../../lab/rest/twins.js";
import { findingsOf, requestsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./inventory-version-headers.js";

describe("inventory-version-headers", () => {
  const labs = useLab(startLabTrio);

  it("reports each version-revealing header once, at low severity", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => Object.keys(f.evidence.responseHeaders ?? {})[0]).sort()).toEqual([
      "server",
      "x-powered-by",
    ]);
    expect(found.every((f) => f.severity === "low")).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(report.coverage[0].verdict).toBe("pass");
    }
  });
});

describe("inventory-version-headers on X-Powered-By without a version", () => {
  const lab = useLab(startSwaggerUiExpressApi);

  it("notes the framework fingerprint at info", async () => {
    const [finding, ...rest] = findingsOf(await scanWith(check, `${lab.origin}/api/products`), check.meta.id);
    expect(rest).toEqual([]);
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("x-powered-by: Express names the framework");
  });
});
