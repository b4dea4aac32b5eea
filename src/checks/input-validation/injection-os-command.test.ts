import { describe, expect, it } from "vitest";
import { requestsOf, verdictOf } from "../../../test/harness.js";
import { injectionSuite, scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./injection-os-command.js";

describe("injection-os-command", () => {
  injectionSuite(check, { fires: ["/api/diagnostics/resolve"], severity: "critical", extra: { enabled: ["active"] } });

  describe("tier", () => {
    const labs = useInjectionLabs();

    it("is off without --active and sends nothing", async () => {
      const report = await scanWithSpec(check, labs.vulnerable);
      expect(verdictOf(report, check.meta.id)).toBe("skipped");
      expect(requestsOf(report, check.meta.id)).toBe(0);
      expect(report.findings).toEqual([]);
    });
  });
});
