import { describe, expect, it } from "vitest";
import { plantedSecrets } from "../../../lab/rest/data.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { ruleById } from "../../detect/secrets/index.js";
import { createRng } from "../../engine/rng.js";
import check from "./data-exposure-secrets-in-responses.js";

describe("data-exposure-secrets-in-responses", () => {
  const labs = useLab(startLabTrio);

  it("reports each LLM key in a response as critical, naming the provider but never the key", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/app-config`);
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
    expect(found.find((f) => f.message.startsWith("Together"))?.evidence.excerpt).toMatch(/tgp_v1_…\[redacted\]/);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${labs.hardened.origin}/api/v1/app-config`, labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });

  it("does not report a key-shaped value that the response only echoes from our own request", async () => {
    const echoed = ruleById("together-api-key")!.sample(createRng(3, "echo").next);
    const report = await scanWith(check, `${labs.catchAll.origin}/search/${echoed}`);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
  });
});
