import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, startLab } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check from "./cors-null-origin.js";

describe("cors-null-origin", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  let nullWithoutCredentials: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll, nullWithoutCredentials] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
      startLab((req, res) => {
        if (req.headers.origin === "null") res.setHeader("access-control-allow-origin", "null");
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, catchAll, nullWithoutCredentials].map((s) => s.close())));

  it("reports null allowed with credentials as high", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.responseHeaders?.["access-control-allow-origin"]])).toEqual([
      ["high", "null"],
    ]);
    expect(requestsOf(report, check.meta.id)).toBe(check.meta.maxRequests);
  });

  it("reports null allowed without credentials as low", async () => {
    const found = findingsOf(await scanWith(check, `${nullWithoutCredentials.origin}/api`), check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
