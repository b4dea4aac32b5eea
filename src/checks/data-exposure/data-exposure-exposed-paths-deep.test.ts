import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check from "./data-exposure-exposed-paths-deep.js";

const deepOn = { enabled: ["exposure-deep"] };

describe("data-exposure-exposed-paths-deep", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let spa: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, spa] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("spa"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), spa.close()]));

  it("is skipped unless --exposure-deep is given", async () => {
    const report = await scanWith(check, vulnerable.apiUrl);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("finds a deep-tier .env variant (critical, key masked) and a directory listing, within its cap", async () => {
    const report = await scanWith(check, vulnerable.apiUrl, deepOn);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.operation.path, f.severity]).sort()).toEqual([
      ["/.env.staging", "critical"],
      ["/backup/", "medium"],
    ]);
    expect(JSON.stringify(report)).not.toContain(plantedSecrets().together);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("stays quiet on the hardened twin and on an SPA catch-all host", async () => {
    for (const url of [hardened.apiUrl, spa.url]) {
      const report = await scanWith(check, url, deepOn);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
      expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
    }
  });
});
