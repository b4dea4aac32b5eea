import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { type StaticSite, startStaticSite } from "../../../lab/servers/static-site.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import check from "./data-exposure-client-side-keys.js";

describe("data-exposure-client-side-keys", () => {
  let leaky: StaticSite;
  let clean: StaticSite;
  let spa: LabServer;
  let api: RestApi;
  beforeAll(async () => {
    [leaky, clean, spa, api] = await Promise.all([
      startStaticSite({ leaky: true }),
      startStaticSite({ leaky: false }),
      startCatchAll("spa"),
      startRestApi({ hardened: false }),
    ]);
  });
  afterAll(() => Promise.all([leaky.close(), clean.close(), spa.close(), api.close()]));

  it("reports LLM keys in a JS bundle, its source map and an unreferenced source map as critical", async () => {
    const report = await scanWith(check, leaky.url);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.operation.path, f.message.split(" key ")[0], f.severity]).sort()).toEqual([
      ["/assets/index-4f2a9c.js", "Together AI", "critical"],
      ["/assets/index-4f2a9c.js.map", "OpenAI (project key)", "critical"],
      ["/assets/vendor-81bd0e.js.map", "Anthropic", "critical"],
    ]);
    const together = found.find((f) => f.message.startsWith("Together"))!;
    expect(together.evidence.excerpt).toMatch(/const a="tgp_v1…\[redacted len=50 sha256:[0-9a-f]{8}\]"/);
    const text = JSON.stringify(report);
    for (const value of leaky.planted) expect(text).not.toContain(value);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("follows only same-origin scripts, chunks and maps", async () => {
    const before = leaky.requests.length;
    await scanWith(check, leaky.url);
    const paths = leaky.requests.slice(before).map((r) => r.url);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/assets/index-4f2a9c.js",
        "/assets/vendor-81bd0e.js",
        "/assets/index-4f2a9c.js.map",
        "/assets/chat-2c7d1e.js",
      ]),
    );
    expect(paths.some((p) => p.includes("analytics"))).toBe(false);
  });

  it("stays quiet on a clean bundle full of look-alikes, an SPA fallback and a JSON API", async () => {
    for (const url of [clean.url, spa.url, api.apiUrl]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
