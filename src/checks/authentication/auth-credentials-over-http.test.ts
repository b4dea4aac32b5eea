import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import type { TargetEnricher } from "../../engine/scan.js";
import check from "./auth-credentials-over-http.js";

/**
 * Tests only reach 127.0.0.1, which the check rightly leaves out; this enricher renames the
 * target (requests still go to the lab) so the judgement for a public host can be exercised.
 */
const publicName: TargetEnricher = {
  name: "test-rename",
  maxRequests: 0,
  async enrich({ target }) {
    target.url = new URL(target.url.href.replace(/127\.0\.0\.1:\d+/, "api.example.com"));
  },
};

describe("auth-credentials-over-http", () => {
  const labs = useLab(startLabTrio);

  it("reports credentials sent over HTTP to a public host, high", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: labIdentities(false, 1),
      enrichers: [publicName],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("leaves loopback targets and scans without credentials alone", async () => {
    const local = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(verdictOf(local, check.meta.id)).toBe("skipped");
    const anonymous = await scanWith(check, labs.catchAll.url, { enrichers: [publicName] });
    expect(findingsOf(anonymous, check.meta.id)).toEqual([]);
  });
});
