import { describe, expect, it } from "vitest";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { injectionSuite, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./open-redirect.js";

describe("open-redirect", () => {
  injectionSuite(check, { fires: ["/api/continue"], severity: "medium" });

  describe("destinations", () => {
    const labs = useInjectionLabs();

    it("points only at reserved example domains and never follows the redirect", async () => {
      const report = await scanWith(check, `${labs.vulnerable.origin}/api/continue?next=%2Fapi%2Forders`);
      const [finding] = findingsOf(report, check.meta.id);
      expect(finding.evidence.excerpt).toMatch(/^Location: https:\/\/rmp[a-z0-9]{8}\.example\.com\/$/);
      const sent = labs.vulnerable.requests.map((r) => decodeURIComponent(r.url)).filter((u) => u.includes("next="));
      for (const url of sent)
        expect(url).toMatch(
          /next=(\/api\/orders|https:\/\/rmp[a-z0-9]{8}\.example\.com\/|\/\/rmp[a-z0-9]{8}\.example\.org\/)$/,
        );
    });
  });
});
