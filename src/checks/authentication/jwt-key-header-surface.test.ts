import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { decodeToken, resignHmac } from "../../detect/jwt/index.js";
import check from "./jwt-key-header-surface.js";

/** A token whose header points at its key, the way key-rotating issuers do. */
function tokenWithKid(): string {
  const base = decodeToken(labIdentities(false, 1).primary.headers.authorization.slice(7))!;
  return resignHmac({ ...base, header: { ...base.header, kid: "keys/2024-01" } }, "not-the-lab-secret", {});
}

describe("jwt-key-header-surface", () => {
  const labs = useLab(startLabTrio);

  it("notes a kid header as info", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, {
      identities: { primary: { headers: { authorization: `Bearer ${tokenWithKid()}` }, query: {} } },
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("kid");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: labIdentities(true, 1) });
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toBe("skipped");
  });
});
