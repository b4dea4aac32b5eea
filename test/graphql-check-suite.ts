/** The one test every lab GraphQL check shares: found on the vulnerable lab, quiet on its hardened twin, skipped on a catch-all. */
import { describe, expect, it } from "vitest";
import { startLabTrio } from "../lab/rest/index.js";
import type { Check } from "../src/engine/check.js";
import { expectNotCutAtCap } from "./check-tester.js";
import { findingsOf, scanWith, verdictOf } from "./harness.js";
import { useLab } from "./lab-hooks.js";

export function describeGraphqlCheck(check: Check, severity: "low" | "medium"): void {
  describe(check.meta.id, () => {
    const labs = useLab(startLabTrio);

    it(`finds it on the vulnerable lab's /graphql, ${severity}`, async () => {
      const report = await scanWith(check, labs.vulnerable.apiUrl);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.severity).toBe(severity);
      expect(finding.operation.path).toBe("/graphql");
      expectNotCutAtCap(report, check);
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
}
