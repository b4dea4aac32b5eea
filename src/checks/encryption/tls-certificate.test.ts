import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { type CertificateKind, startTlsLab, type TlsLab } from "../../../lab/servers/tls.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { trustedCaOption } from "../../engine/tls-trust.js";
import check, { certificateIssues } from "./tls-certificate.js";

const KINDS: CertificateKind[] = ["good", "expired", "not-yet-valid", "self-signed", "wrong-host", "expiring-soon"];

describe("tls-certificate", () => {
  const labs = {} as Record<CertificateKind, TlsLab>;
  let plain: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    const started = await Promise.all(KINDS.map((certificate) => startTlsLab({ certificate })));
    KINDS.forEach((kind, i) => {
      labs[kind] = started[i];
    });
    [plain, catchAll] = await Promise.all([startRestApi({ hardened: false }), startCatchAll("json")]);
  });
  afterAll(() => Promise.all([...Object.values(labs).map((l) => l.close()), plain.close(), catchAll.close()]));

  const keysOf = async (lab: TlsLab, trustCa = true) => {
    const report = trustCa
      ? await scanWith(check, lab.apiUrl, { layers: trustedCaOption.entry({ ca: [lab.caPem] }) })
      : await scanWith(check, lab.apiUrl);
    // Its own raw handshakes are counted (the cap itself is the rail's to enforce, not a test's to restate).
    expect(report.stats.tlsConnections).toBeGreaterThan(0);
    expectNotCutAtCap(report, check);
    return findingsOf(report, check.meta.id).map((f) => ({ severity: f.severity, message: f.message }));
  };

  it("passes a valid certificate from a trusted CA", async () => {
    expect(await keysOf(labs.good)).toEqual([]);
    const report = await scanWith(check, labs.good.apiUrl, {
      layers: trustedCaOption.entry({ ca: [labs.good.caPem] }),
    });
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("reports a chain the runtime does not trust (the test CA not given) as medium", async () => {
    const found = await keysOf(labs.good, false);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe("medium");
    expect(found[0].message).toMatch(/trusted CA/);
  });

  it("reports an expired certificate as high", async () => {
    const found = await keysOf(labs.expired);
    expect(found).toEqual([{ severity: "high", message: expect.stringMatching(/expired on/) }]);
  });

  it("reports a certificate that is not valid yet as high", async () => {
    const found = await keysOf(labs["not-yet-valid"]);
    expect(found).toEqual([{ severity: "high", message: expect.stringMatching(/not valid before/) }]);
  });

  it("reports a self-signed certificate as medium, even though OpenSSL names only one error", async () => {
    const found = await keysOf(labs["self-signed"]);
    expect(found).toEqual([{ severity: "medium", message: expect.stringMatching(/self-signed/) }]);
  });

  it("reports a certificate for another host name as medium", async () => {
    const found = await keysOf(labs["wrong-host"]);
    expect(found).toEqual([{ severity: "medium", message: expect.stringMatching(/does not cover 127\.0\.0\.1/) }]);
  });

  it("reports a certificate expiring within 30 days as low", async () => {
    const found = await keysOf(labs["expiring-soon"]);
    expect(found).toEqual([{ severity: "low", message: expect.stringMatching(/expires in (9|10) days/) }]);
  });

  it("skips plain-HTTP targets (the vulnerable lab and a catch-all host) without connecting", async () => {
    for (const url of [plain.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("skipped");
      expect(report.stats.tlsConnections).toBeUndefined();
    }
  });

  it("flags an RSA key under 2048 bits (judged from the presented certificate alone)", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    const peer = {
      subject: { CN: "api.example.com" },
      issuer: { CN: "Some CA" },
      subjectaltname: "DNS:api.example.com",
      valid_from: "Jan  1 00:00:00 2026 GMT",
      valid_to: "Jan  1 00:00:00 2027 GMT",
      modulus: "C0FFEE",
      bits: 1024,
    } as unknown as Parameters<typeof certificateIssues>[0];
    expect(certificateIssues(peer, "api.example.com", undefined, now).map((i) => [i.key, i.severity])).toEqual([
      ["weak-key", "medium"],
    ]);
    expect(certificateIssues(peer, "other.example.com", undefined, now).map((i) => i.key)).toEqual([
      "wrong-host",
      "weak-key",
    ]);
  });
});
