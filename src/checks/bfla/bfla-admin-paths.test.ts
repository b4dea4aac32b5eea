import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startUsersByNameApi } from "../../../lab/rest/twins.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { apiBase, DEFAULT_PATH_COUNT, ROLE_GATED_PATHS } from "./_paths.js";
import check from "./bfla-admin-paths.js";

describe("bfla-admin-paths", () => {
  const labs = useLab(startLabTrio);

  it("finds the admin route without a role check, high, within the default six paths", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl, { identities: labIdentities(false, 1) });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.operation.path).toBe("/api/v1/admin/users");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(DEFAULT_PATH_COUNT);
  });

  it("hangs the paths from the API base, not from a deep URL's directory", async () => {
    expect(apiBase("/api/v1/accounts/")).toBe("/api/v1/");
    expect(apiBase("/api/orders/")).toBe("/api/");
    expect(apiBase("/shop/")).toBe("/shop/");
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/accounts/1`, {
      identities: labIdentities(false, 1),
    });
    expect(findingsOf(report, check.meta.id).map((f) => f.operation.path)).toEqual(["/api/v1/admin/users"]);
  });

  it("judges an admin operation the target already lists from its baseline", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/admin/users`, {
      identities: labIdentities(false, 1),
    });
    expect(findingsOf(report, check.meta.id).map((f) => f.operation.path)).toContain("/api/v1/admin/users");
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/admin/users`, {
      identities: labIdentities(true, 1),
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
  });

  it("requests about 60 paths with --bfla-deep", async () => {
    expect(ROLE_GATED_PATHS.length).toBeGreaterThanOrEqual(55);
    const report = await scanWith(check, labs.vulnerable.apiUrl, { enabled: ["bfla-deep"] });
    expect(requestsOf(report, check.meta.id)).toBe(ROLE_GATED_PATHS.length);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin's role check, without credentials, and on a catch-all host", async () => {
    const hardened = await scanWith(check, labs.hardened.apiUrl, { identities: labIdentities(true, 1) });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const anonymous = await scanWith(check, labs.vulnerable.apiUrl);
    expect(findingsOf(anonymous, check.meta.id)).toEqual([]);
    const caught = await scanWith(check, `${labs.catchAll.origin}/api/v1/users`);
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});

describe("bfla-admin-paths where a user is called admin", () => {
  const lab = useLab(startUsersByNameApi);

  it("/users/v1/admin is the user named admin, an object; /users/v1/admin/config is still a function", async () => {
    const report = await scanWith(check, `${lab.origin}/users/v1/name1`);
    expect(findingsOf(report, check.meta.id).map((f) => f.operation.path)).toEqual(["/users/v1/admin/config"]);
    const withTemplate = await scanWith(check, `${lab.origin}/users/v1/name1`, {
      enrichers: [
        specOperations({
          method: "GET",
          path: "/users/v1/{username}",
          parameters: [{ name: "username", in: "path", required: true }],
          sampleUrl: "/users/v1/name1",
        }),
      ],
    });
    expect(findingsOf(withTemplate, check.meta.id).map((f) => f.operation.path)).toEqual(["/users/v1/admin/config"]);
  });
});
