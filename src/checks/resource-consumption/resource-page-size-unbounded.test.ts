import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./resource-page-size-unbounded.js";

describe("resource-page-size-unbounded", () => {
  const labs = useLab(startLabTrio);

  it("finds limit=10000 honoured, medium, one request", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/items?limit=10`);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.message).toMatch(/returned 10000 records/);
    expect(requestsOf(report, check.meta.id)).toBe(1);
  });

  it("stays quiet on the hardened twin's cap and on a catch-all host, and skips without a pagination parameter", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/items?limit=10`);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, `${labs.catchAll.origin}/api/things?limit=10`);
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
    const plain = await scanWith(check, labs.vulnerable.apiUrl);
    expect(verdictOf(plain, check.meta.id)).toBe("skipped");
    expect(requestsOf(plain, check.meta.id)).toBe(0);
  });
});
