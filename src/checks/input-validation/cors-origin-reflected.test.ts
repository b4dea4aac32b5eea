import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Handler, type LabServer, startLab } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { labCertificates } from "../../../lab/servers/tls.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { originVariants } from "./_cors.js";
import check from "./cors-origin-reflected.js";

/** A server whose allow-list is an unanchored "contains the host" test, a classic CORS mistake. */
const containsHostCheck: Handler = (req, res) => {
  const origin = req.headers.origin;
  if (origin?.includes("127.0.0.1") || origin?.includes("127x0.0.1")) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-credentials", "true");
    res.setHeader("vary", "Origin");
  }
  res.writeHead(req.method === "OPTIONS" ? 204 : 200, { "content-type": "application/json" });
  res.end(req.method === "OPTIONS" ? undefined : "[]");
};

describe("cors-origin-reflected", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  let sloppy: LabServer;
  let sloppyTls: LabServer;
  beforeAll(async () => {
    const certificates = labCertificates();
    [vulnerable, hardened, catchAll, sloppy, sloppyTls] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
      startLab(containsHostCheck),
      startLab(containsHostCheck, { key: certificates.keyPem, cert: certificates.certs.good }),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, catchAll, sloppy, sloppyTls].map((s) => s.close())));

  it("offers at least 10 Origin variants built from the target host", () => {
    expect(originVariants(new URL("http://127.0.0.1:8080/api")).length).toBeGreaterThanOrEqual(10);
    const https = originVariants(new URL("https://api.example.com/v1"));
    expect(https.map((v) => v.origin)).toEqual(
      expect.arrayContaining([
        "https://evil.example",
        "null",
        "https://api.example.com.evil.example",
        "https://evilapi.example.com",
        "https://evil.api.example.com",
        "http://api.example.com",
        "https://apixexample.com",
      ]),
    );
  });

  it("reports an API reflecting any origin with credentials once, as high", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.requestHeaders?.origin])).toEqual([
      ["high", "https://evil.example"],
    ]);
    expect(found[0].message).toMatch(/on GET and preflight/);
    // Any origin trusted: the bypass variants are implied and not sent.
    expect(requestsOf(report, check.meta.id)).toBe(2);
    const sent = vulnerable.requests.filter((r) => r.headers.origin).map((r) => r.headers.origin);
    expect(new Set(sent)).toEqual(new Set(["https://evil.example"]));
  });

  it("reports each bypass of an unanchored allow-list with its own key and severity", async () => {
    const report = await scanWith(check, `${sloppy.origin}/api/v1/users`);
    const found = findingsOf(report, check.meta.id);
    const byOrigin = Object.fromEntries(found.map((f) => [f.evidence.requestHeaders?.origin, f.severity]));
    expect(byOrigin).toEqual({
      "https://127.0.0.1.evil.example": "high",
      "https://127.0.0.1evil.example": "high",
      "https://evil127.0.0.1": "high",
      "https://evil-127.0.0.1": "high",
      "https://127.0.0.1`.evil.example": "high",
      "https://127.0.0.1_.evil.example": "high",
      "https://127x0.0.1": "high",
      "https://evil.127.0.0.1": "low",
    });
    expectNotCutAtCap(report, check);
  });

  it("rates trusting the http downgrade of an https API medium with credentials", async () => {
    const report = await scanWith(check, `${sloppyTls.origin}/api/v1/users`);
    const downgrade = findingsOf(report, check.meta.id).find(
      (f) => f.evidence.requestHeaders?.origin === `http://127.0.0.1:${sloppyTls.port}`,
    );
    expect(downgrade?.severity).toBe("medium");
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin (exact allow-list) and on a catch-all host", async () => {
    for (const url of [hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
      expectNotCutAtCap(report, check);
    }
  });
});
