/**
 * The redaction promise end to end: scan the leaky lab with every registered check, render every
 * output format, and grep each output for the planted secrets. None may appear in full, in any
 * spelling (raw, JSON-escaped, URL-encoded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { type StaticSite, startStaticSite } from "../../../lab/servers/static-site.js";
import { scanWith } from "../../../test/harness.js";
import { RENDERERS } from "../../report/index.js";
import { CHECKS } from "../index.js";

function spellings(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
}

describe("no planted secret survives into any output", () => {
  let api: RestApi;
  let site: StaticSite;
  beforeAll(async () => {
    [api, site] = await Promise.all([startRestApi({ hardened: false }), startStaticSite({ leaky: true })]);
  });
  afterAll(() => Promise.all([api.close(), site.close()]));

  it("masks every planted secret in every rendered format", { timeout: 60_000 }, async () => {
    const planted = [...Object.values(plantedSecrets()), ...site.planted];
    const targets = [api.apiUrl, `${api.origin}/api/v1/app-config`, `${api.origin}/api/v1/customers`, site.url];
    let findings = 0;
    for (const url of targets) {
      const report = await scanWith(CHECKS, url, { limits: { deadlineMs: 45_000 } });
      findings += report.findings.filter((f) => f.category === "data-exposure").length;
      for (const [format, { render }] of Object.entries(RENDERERS)) {
        const output = render(report);
        for (const value of planted)
          for (const spelling of spellings(value))
            expect(output.includes(spelling), `${format} output of ${url} holds a planted secret`).toBe(false);
      }
    }
    expect(findings).toBeGreaterThan(10);
  });
});
