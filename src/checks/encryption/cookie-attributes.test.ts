import { describe, expect, it } from "vitest";
import { startRestApi } from "../../../lab/rest/index.js";
import { startShopFrontApi } from "../../../lab/rest/twins.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { startTlsLab } from "../../../lab/servers/tls.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab, useLabs } from "../../../test/lab-hooks.js";
import { openapiEnricher } from "../../openapi/enricher.js";
import check, { missingAttributes, parseSetCookie } from "./cookie-attributes.js";

describe("cookie-attributes", () => {
  const labs = useLabs({
    vulnerable: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    vulnerableTls: () => startTlsLab({ hardened: false }),
    catchAll: () => startCatchAll("json"),
  });

  it("rates a session cookie medium and a preference cookie low; Secure is not asked on loopback HTTP", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/session`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.detail])).toEqual([
      ["medium", "missing: HttpOnly, SameSite=Lax or Strict"],
      ["low", "missing: HttpOnly, SameSite=Lax or Strict"],
    ]);
    expect(found[0].message).toMatch(/sessionid/);
    expect(JSON.stringify(report)).not.toContain("3f9a1c7e5b2d4f6a8c0e");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("asks for Secure over https", async () => {
    const report = await scanWith(check, `${labs.vulnerableTls.origin}/api/v1/session`);
    expect(findingsOf(report, check.meta.id)[0].evidence.detail).toBe(
      "missing: Secure, HttpOnly, SameSite=Lax or Strict",
    );
  });

  it("passes the hardened twin's __Host- session cookie", async () => {
    const report = await scanWith(check, `${labs.hardened.origin}/api/v1/session`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("skips when no cookie is set (catch-all host)", async () => {
    const report = await scanWith(check, labs.catchAll.url);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });

  it("requires Secure for SameSite=None and on public hosts", () => {
    const none = parseSetCookie("sid=abc; HttpOnly; SameSite=None")!;
    expect(missingAttributes(none, false)).toEqual(["Secure (required by SameSite=None)"]);
    expect(missingAttributes(none, true)).toEqual(["Secure"]);
    expect(missingAttributes(parseSetCookie("theme=dark; Secure; HttpOnly; SameSite=None")!, true)).toEqual([]);
  });
});

describe("cookie-attributes where the session is set", () => {
  const shop = useLab(startShopFrontApi);

  it("judges the cookie of the login page the root links to (found by the OpenAPI layer's path hints)", async () => {
    const report = await scanWith(check, `${shop.origin}/`, { enrichers: [openapiEnricher()] });
    expect(findingsOf(report, check.meta.id).map((f) => f.message)).toEqual([
      expect.stringMatching(/Session-like cookie shop_session is set without/),
    ]);
  });
});
