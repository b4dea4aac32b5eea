import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { STRONG_HSTS, startTlsLab, type TlsLab } from "../../../lab/servers/tls.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check, { judgeHsts } from "./transport-hsts.js";

describe("transport-hsts", () => {
  let withHsts: TlsLab;
  let withoutHsts: TlsLab;
  let shortHsts: TlsLab;
  let plain: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    [withHsts, withoutHsts, shortHsts, plain, catchAll] = await Promise.all([
      startTlsLab({ hsts: STRONG_HSTS }),
      startTlsLab(),
      startTlsLab({ hsts: "max-age=86400" }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
    ]);
  });
  afterAll(() => Promise.all([withHsts, withoutHsts, shortHsts, plain, catchAll].map((s) => s.close())));

  it("reports an HTTPS API without HSTS at low severity", async () => {
    const report = await scanWith(check, withoutHsts.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe("low");
    expect(found[0].message).toMatch(/not sent/);
    expectNotCutAtCap(report, check);
  });

  it("reports a max-age under 180 days", async () => {
    const found = findingsOf(await scanWith(check, shortHsts.apiUrl), check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.responseHeaders])).toEqual([
      ["low", { "strict-transport-security": "max-age=86400" }],
    ]);
  });

  it("passes the hardened twin over HTTPS with a year-long policy", async () => {
    const report = await scanWith(check, withHsts.apiUrl);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("skips plain-HTTP targets, including a catch-all host", async () => {
    for (const url of [plain.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("skipped");
    }
  });

  it("judges malformed, repeated and zero max-age policies", () => {
    expect(judgeHsts("includeSubDomains")).toMatchObject({ ok: false, key: "malformed" });
    expect(judgeHsts("max-age=31536000, max-age=0")).toMatchObject({ ok: false, key: "multiple" });
    expect(judgeHsts("max-age=0")).toMatchObject({ ok: false, key: "short-max-age" });
    expect(judgeHsts('max-age="15552000"; preload')).toEqual({ ok: true });
  });
});
