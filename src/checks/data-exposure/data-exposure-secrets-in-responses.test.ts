import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { ruleById } from "../../detect/secrets/index.js";
import { createRng } from "../../engine/rng.js";
import check from "./data-exposure-secrets-in-responses.js";

describe("data-exposure-secrets-in-responses", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("json"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), catchAll.close()]));

  it("reports each LLM key in a response as critical, naming the provider but never the key", async () => {
    const report = await scanWith(check, `${vulnerable.origin}/api/v1/app-config`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message.split(" secret ")[0]).sort()).toEqual([
      "Anthropic",
      "OpenAI (project key)",
      "Together AI",
    ]);
    expect(found.every((f) => f.severity === "critical")).toBe(true);
    const text = JSON.stringify(report);
    const planted = plantedSecrets();
    for (const value of [planted.together, planted.openai, planted.anthropic]) expect(text).not.toContain(value);
    expect(found.find((f) => f.message.startsWith("Together"))?.evidence.excerpt).toMatch(/tgp_v1…\[redacted len=50/);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${hardened.origin}/api/v1/app-config`, hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });

  it("does not report a key-shaped value that the response only echoes from our own request", async () => {
    const echoed = ruleById("together-api-key")!.sample(createRng(3, "echo").next);
    const report = await scanWith(check, `${catchAll.origin}/search/${echoed}`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
  });
});
