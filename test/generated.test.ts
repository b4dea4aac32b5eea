import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VERSION } from "../src/engine/version.js";

describe("generated files", () => {
  it("src/checks/index.ts, docs/checks.md and the JSON Schemas are up to date (npm run gen)", () => {
    // Throws (non-zero exit) with the stale file names when anything is out of date.
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/gen.ts", "--check"], { encoding: "utf8" });
    expect(out).toContain("up to date");
  });

  it("the engine's version matches package.json", () => {
    expect(JSON.parse(readFileSync("package.json", "utf8")).version).toBe(VERSION);
  });
});
