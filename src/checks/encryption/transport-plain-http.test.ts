import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, startLab } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { startTlsLab, type TlsLab } from "../../../lab/servers/tls.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check, { plainHttpSeverity } from "./transport-plain-http.js";

describe("transport-plain-http", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  let redirecting: LabServer;
  let https: TlsLab;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll, https] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
      startTlsLab(),
    ]);
    // Redirects every plain request to the same host over https (the port does not need to answer).
    redirecting = await startLab((req, res) => {
      res.writeHead(301, { location: `https://127.0.0.1${req.path}` });
      res.end();
    });
  });
  afterAll(() => Promise.all([vulnerable, hardened, catchAll, redirecting, https].map((s) => s.close())));

  it("notes plain HTTP on loopback as info only, so local labs get nothing at low or above", async () => {
    for (const url of [vulnerable.apiUrl, hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      const found = findingsOf(report, check.meta.id);
      expect(found.map((f) => f.severity)).toEqual(["info"]);
      expectNotCutAtCap(report, check);
    }
  });

  it("rates plain HTTP on a public host medium, and high when credentials are sent", () => {
    expect(plainHttpSeverity("api.example.com", false)).toBe("medium");
    expect(plainHttpSeverity("api.example.com", true)).toBe("high");
    expect(plainHttpSeverity("10.1.2.3", true)).toBe("info");
    expect(plainHttpSeverity("localhost", true)).toBe("info");
  });

  it("passes a host that redirects to https on the same host", async () => {
    const report = await scanWith(check, `${redirecting.origin}/api/v1/users`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("skips an https target", async () => {
    const report = await scanWith(check, https.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
  });
});
