import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startShapesApi, TWIN_BCRYPT } from "../../../lab/rest/twins.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./data-exposure-sensitive-fields.js";

describe("data-exposure-sensitive-fields", () => {
  const labs = useLab(startLabTrio);

  it("reports password hashes and SSN fields with their field paths, values masked", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/customers`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.evidence.detail, f.severity]).sort()).toEqual([
      ["fields: customers[].password_hash", "medium"],
      ["fields: customers[].ssn, customers[].pin", "high"],
    ]);
    expect(JSON.stringify(report)).not.toContain("$2b$12$");
    // The 4-digit PINs are masked in the evidence but not handed to report-wide redaction.
    expect(found.find((f) => f.severity === "high")?.evidence.excerpt).toMatch(/ssn = \[redacted\]/);
    expect(report.stats.requests).toBeGreaterThan(0);
  });

  it("calls a bcrypt value a password hash whatever its key, and PWD/OLDPWD/PATH directories no password", async () => {
    const shapes = await startShapesApi();
    try {
      const members = findingsOf(await scanWith(check, `${shapes.origin}/api/members`), check.meta.id);
      expect(members.map((f) => [f.title, f.severity])).toEqual([
        ["JSON response includes a password hash or salt", "medium"],
      ]);
      expect(members[0].message).toContain("bcrypt");
      expect(JSON.stringify(members)).not.toContain(TWIN_BCRYPT);
      const env = await scanWith(check, `${shapes.origin}/debug/env`);
      expect(findingsOf(env, check.meta.id)).toEqual([]);
    } finally {
      await shapes.close();
    }
  });

  it("leaves provider keys in JSON fields to the secrets check", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/app-config`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${labs.hardened.origin}/api/v1/customers`, labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
