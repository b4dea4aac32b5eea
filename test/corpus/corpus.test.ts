import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectSecrets } from "../../src/detect/secrets/index.js";
import { loadCorpus, scoreDetectors } from "./_corpus.js";

describe("detector corpus", () => {
  it("keeps secret precision >= 0.97 and recall >= 0.95, PII precision >= 0.95, over several expansions", () => {
    for (const seed of [1, 2, 3]) {
      const [secrets, pii, traces] = scoreDetectors(seed);
      expect(secrets.precision, secrets.misses.join("\n")).toBeGreaterThanOrEqual(0.97);
      expect(secrets.recall, secrets.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
      expect(pii.precision, pii.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
      expect(pii.recall, pii.misses.join("\n")).toBeGreaterThanOrEqual(0.9);
      expect(traces.precision, traces.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("covers every secret rule and holds false-positive traps for each detector", () => {
    const positives = loadCorpus<string[]>("secrets-positive.jsonl");
    expect(new Set(positives.flatMap((c) => c.expect)).size).toBeGreaterThanOrEqual(40);
    for (const file of ["secrets-mixed.jsonl", "pii.jsonl"]) {
      expect(loadCorpus<string[]>(file).filter((c) => c.expect.length === 0).length, file).toBeGreaterThanOrEqual(20);
    }
  });

  it("commits no key-shaped literal in the corpus, the lab, the detectors, the checks or their docs", () => {
    const root = new URL("../../", import.meta.url);
    const walk = (dir: string): string[] =>
      readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(`${dir}${d.name}/`) : [`${dir}${d.name}`],
      );
    const files = [
      ...walk("test/corpus/"),
      ...walk("src/detect/"),
      // Only this area's files in the shared folder (other checks there have their own owners).
      ...walk("src/checks/data-exposure/").filter((f) => /\/(?:data-exposure-|_exposure-|_common|exposure-)/.test(f)),
      "lab/rest/data.ts",
      "lab/servers/static-site.ts",
      "docs/data-exposure.md",
    ];
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      expect(detectSecrets(readFileSync(new URL(f, root), "utf8")).map((m) => `${f}: ${m.ruleId}`)).toEqual([]);
    }
  });
});
