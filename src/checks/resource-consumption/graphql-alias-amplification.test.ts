import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabTrio, startLabTrio } from "../../../lab/rest/auth.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check from "./graphql-alias-amplification.js";

describe("graphql-alias-amplification", () => {
  let labs: LabTrio;
  beforeAll(async () => {
    labs = await startLabTrio();
  });
  afterAll(() => labs.close());

  it("finds it on the vulnerable lab's /graphql, low", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(finding.operation.path).toBe("/graphql");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
    const methods = new Set(labs.vulnerable.requests.map((r) => r.method));
    expect([...methods].every((m) => m === "GET" || m === "POST")).toBe(true);
  });

  it("stays quiet on the hardened twin and skips a catch-all host", async () => {
    const hardened = await scanWith(check, labs.hardened.apiUrl);
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url);
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
    expect(verdictOf(caught, check.meta.id)).toBe("skipped");
  });
});
