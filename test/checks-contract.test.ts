/**
 * Rules every registered check must follow, generated for each one (like ZAP's shared rule tests
 * and nuclei's honeypot): valid metadata, file name = id, a test beside it, and silence on hosts
 * that answer 200 to everything.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../lab/kit.js";
import { startCatchAll } from "../lab/servers/catch-all.js";
import { checkFiles } from "../scripts/check-files.js";
import { CHECKS } from "../src/checks/index.js";
import { CheckMeta } from "../src/engine/check.js";
import { atLeast } from "../src/engine/finding.js";
import { scanWith } from "./harness.js";

describe("check contract", () => {
  const files = checkFiles();

  it("every check file is registered under its id, with a test beside it", () => {
    expect(CHECKS.map((c) => c.meta.id).sort()).toEqual(files.map((f) => f.split("/")[1].replace(/\.ts$/, "")).sort());
    for (const f of files) {
      const name = f.split("/")[1];
      const check = CHECKS.find((c) => c.meta.id === name.replace(/\.ts$/, ""))!;
      expect(CheckMeta.parse(check.meta)).toBeTruthy();
      expect(existsSync(`src/checks/${f.replace(/\.ts$/, ".test.ts")}`), `${f} has no test beside it`).toBe(true);
    }
  });

  it("every check sits in the folder of its category", () => {
    for (const f of files) {
      const check = CHECKS.find((c) => c.meta.id === f.split("/")[1].replace(/\.ts$/, ""))!;
      expect(f.split("/")[0], check.meta.id).toBe(check.meta.category);
    }
  });

  it("ids are unique", () => {
    const ids = CHECKS.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe("on catch-all hosts (honeypots)", () => {
    let json: LabServer;
    let spa: LabServer;
    beforeAll(async () => {
      [json, spa] = await Promise.all([startCatchAll("json"), startCatchAll("spa")]);
    });
    afterAll(() => Promise.all([json.close(), spa.close()]));

    for (const flavour of ["json", "spa"] as const) {
      it(`no check reports anything at medium or above, and nothing about exposed data (${flavour})`, async () => {
        const host = flavour === "json" ? json : spa;
        const report = await scanWith(CHECKS, `${host.origin}/api/v1/items`, { enabled: [] });
        const loud = report.findings.filter((f) => atLeast(f.severity, "medium") || f.category === "data-exposure");
        expect(loud.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
        // A catch-all host must not lure a check into spending its whole cap (the client enforces the cap itself).
        const cut = report.coverage.filter((c) => /stopped at its limit/.test(c.reason ?? ""));
        expect(cut.map((c) => `${c.check}: ${c.reason}`)).toEqual([]);
      });
    }
  });
});
