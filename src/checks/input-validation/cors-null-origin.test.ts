import { describe, expect, it } from "vitest";
import { startLab } from "../../../lab/kit.js";
import { startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLabs } from "../../../test/lab-hooks.js";
import check from "./cors-null-origin.js";

describe("cors-null-origin", () => {
  const labs = useLabs({
    vulnerable: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    catchAll: () => startCatchAll("json"),
    nullWithoutCredentials: () =>
      startLab((req, res) => {
        if (req.headers.origin === "null") res.setHeader("access-control-allow-origin", "null");
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }),
  });

  it("reports null allowed with credentials as high", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.responseHeaders?.["access-control-allow-origin"]])).toEqual([
      ["high", "null"],
    ]);
    expect(requestsOf(report, check.meta.id)).toBe(check.meta.maxRequests);
  });

  it("reports null allowed without credentials as low", async () => {
    const found = findingsOf(await scanWith(check, `${labs.nullWithoutCredentials.origin}/api`), check.meta.id);
    expect(found.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
