import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startShapesApi } from "../../../lab/rest/twins.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./data-exposure-pii-in-responses.js";

describe("data-exposure-pii-in-responses", () => {
  const labs = useLab(startLabTrio);

  it("reports each kind of PII once per endpoint with severity by kind and volume", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/customers`);
    const bySeverity = Object.fromEntries(
      findingsOf(report, check.meta.id).map((f) => [f.title.replace("Response exposes ", ""), f.severity]),
    );
    expect(bySeverity).toEqual({
      "payment card numbers": "high",
      "US social security numbers": "high",
      IBANs: "medium",
      "e-mail addresses": "medium",
      "phone numbers": "medium",
      "internal IP addresses": "low",
    });
    // Card numbers and SSNs appear masked only.
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/"\d{3}-\d{2}-\d{4}"|\b4\d{15}\b/);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${labs.hardened.origin}/api/v1/customers`, labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});

describe("data-exposure-pii-in-responses on a served spec", () => {
  const shapes = useLab(startShapesApi);

  it("example e-mails and phone numbers inside an OpenAPI document are not personal data", async () => {
    const report = await scanWith(check, `${shapes.origin}/openapi.json`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });
});
