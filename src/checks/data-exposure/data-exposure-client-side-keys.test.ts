import { describe, expect, it } from "vitest";
import { startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { startStaticSite } from "../../../lab/servers/static-site.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLabs } from "../../../test/lab-hooks.js";
import check from "./data-exposure-client-side-keys.js";

describe("data-exposure-client-side-keys", () => {
  const labs = useLabs({
    leaky: () => startStaticSite({ leaky: true }),
    clean: () => startStaticSite({ leaky: false }),
    spa: () => startCatchAll("spa"),
    api: () => startRestApi({ hardened: false }),
  });

  it("reports LLM keys in a JS bundle, its source map and an unreferenced source map as critical", async () => {
    const report = await scanWith(check, labs.leaky.url);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.operation.path, f.message.split(" key ")[0], f.severity]).sort()).toEqual([
      ["/assets/index-4f2a9c.js", "Together AI", "critical"],
      ["/assets/index-4f2a9c.js.map", "OpenAI (project key)", "critical"],
      ["/assets/vendor-81bd0e.js.map", "Anthropic", "critical"],
    ]);
    const together = found.find((f) => f.message.startsWith("Together"))!;
    expect(together.evidence.excerpt).toMatch(/const a="tgp_v1_…\[redacted\]"/);
    const text = JSON.stringify(report);
    for (const value of labs.leaky.planted) expect(text).not.toContain(value);
    expectNotCutAtCap(report, check);
  });

  it("follows only same-origin scripts, chunks and maps", async () => {
    const before = labs.leaky.requests.length;
    await scanWith(check, labs.leaky.url);
    const paths = labs.leaky.requests.slice(before).map((r) => r.url);
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
    for (const url of [labs.clean.url, labs.spa.url, labs.api.apiUrl]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
