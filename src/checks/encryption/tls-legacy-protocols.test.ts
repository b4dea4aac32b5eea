import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startTlsLab, type TlsLab } from "../../../lab/servers/tls.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { runtimeOffers } from "./_tls.js";
import check from "./tls-legacy-protocols.js";

describe("tls-legacy-protocols", () => {
  let legacy: TlsLab;
  let modern: TlsLab;
  let plain: RestApi;
  beforeAll(async () => {
    [legacy, modern, plain] = await Promise.all([
      startTlsLab({ legacyProtocols: true }),
      startTlsLab(),
      startRestApi({ hardened: true }),
    ]);
  });
  afterAll(() => Promise.all([legacy.close(), modern.close(), plain.close()]));

  it("reports TLS 1.0 (medium) and TLS 1.1 (low) on a server that accepts them", async () => {
    const offers = await runtimeOffers("TLSv1", "DEFAULT@SECLEVEL=0");
    const report = await scanWith(check, legacy.apiUrl);
    const found = findingsOf(report, check.meta.id);
    if (!offers) {
      // A runtime without TLS 1.0 cannot judge: the verdict says so instead of passing.
      expect(verdictOf(report, check.meta.id)).toBe("inconclusive");
      return;
    }
    expect(found.map((f) => [f.severity, f.message.match(/TLS 1\.\d/)?.[0]])).toEqual([
      ["medium", "TLS 1.0"],
      ["low", "TLS 1.1"],
    ]);
    expect(report.stats.tlsConnections).toBeGreaterThan(0);
    expectNotCutAtCap(report, check);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("passes a server that accepts TLS 1.2+ only", async () => {
    const report = await scanWith(check, modern.apiUrl);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
    expect(report.stats.tlsConnections).toBeGreaterThan(0);
    expectNotCutAtCap(report, check);
  });

  it("skips a plain-HTTP target", async () => {
    const report = await scanWith(check, plain.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(report.stats.tlsConnections).toBeUndefined();
  });
});
