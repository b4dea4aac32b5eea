import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { LAB_BEARER_TOKEN, labSpecPath } from "../../../lab/rest/openapi.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check from "./openapi-auth-not-enforced.js";

const withSpec = (file: string) => ({ enrichers: [openapiEnricher({ spec: labSpecPath(file) })] });

describe("openapi-auth-not-enforced", () => {
  const labs = useLab(startLabTrio);

  it("finds every secured GET that answers without credentials, at critical", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, withSpec("lab-api.openapi30.yaml"));
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.operation.path).sort()).toEqual([
      "/api/v1/invoices",
      "/api/v1/invoices/{invoiceId}",
      "/api/v1/legacy/users",
      "/api/v1/orders/{orderId}",
    ]);
    expect(found.every((f) => f.severity === "critical")).toBe(true);
    // Bodies that match the declared schema leave no doubt; the order's drifted body stays "firm".
    expect(found.find((f) => f.operation.path === "/api/v1/invoices")?.confidence).toBe("confirmed");
    expect(found.find((f) => f.operation.path === "/api/v1/orders/{orderId}")?.confidence).toBe("firm");
    expect(requestsOf(report, check.meta.id)).toBe(0); // no credentials configured: the baseline was the anonymous call
  });

  it("sends its own anonymous request when the scan has credentials", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/`, {
      ...withSpec("lab-api.openapi30.yaml"),
      headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` },
    });
    expect(findingsOf(report, check.meta.id)).toHaveLength(4);
    const anonymous = labs.vulnerable.requests.filter((r) => r.url === "/api/v1/invoices" && !r.headers.authorization);
    expect(anonymous.length).toBeGreaterThan(0);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin and on a catch-all host given the same spec", async () => {
    const clean = await scanWith(check, `${labs.hardened.origin}/`, {
      ...withSpec("lab-api.hardened.yaml"),
      headers: { Authorization: `Bearer ${LAB_BEARER_TOKEN}` },
    });
    expect(findingsOf(clean, check.meta.id)).toEqual([]);
    expect(verdictOf(clean, check.meta.id)).toBe("pass");
    const honeypot = await scanWith(check, `${labs.catchAll.origin}/`, withSpec("lab-api.openapi30.yaml"));
    expect(findingsOf(honeypot, check.meta.id)).toEqual([]);
  });

  it("skips without a spec", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });
});
