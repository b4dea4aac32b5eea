/**
 * Sub-rules through the real CLI against the lab: an exposure group and an LLM probe family are
 * carried in the JSON report, in SARIF `properties.subRule` and next to the rule in the human
 * formats; a `.rampart.yaml` suppression by rule + subRule takes out exactly that sub-rule; two
 * sub-rules on one operation keep distinct fingerprints (so one can be baselined alone).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { startEncodedBypassBot } from "../../lab/llm/servers.js";
import { startRestApi } from "../../lab/rest/index.js";
import { type Finding, ScanReport } from "../../src/engine/finding.js";
import { fingerprintOf } from "../../src/engine/scan.js";
import { suppressionsOf } from "../../src/report/extensions.js";
import { useLabs } from "../lab-hooks.js";
import { rampart, tempDir } from "./cli.js";

const EXPOSED = "data-exposure-exposed-paths";
const ENCODING = "llm-encoding-bypass";
const FAMILIES = ["base64", "hex", "leetspeak", "rot13", "unicode-tags", "zero-width"];

/** Scans with the given flags into a fresh folder; the reports by format. */
async function scan(...args: string[]): Promise<{ json: ScanReport; sarif: Log; dir: string }> {
  const dir = tempDir("rampart-subrules-");
  const run = await rampart("scan", ...args, "--format", "json,sarif,summary,markdown,html", "--output-dir", dir);
  expect(run.code, run.stderr).toBeLessThan(2);
  return {
    json: ScanReport.parse(JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8"))),
    sarif: JSON.parse(readFileSync(path.join(dir, "rampart.sarif"), "utf8")) as Log,
    dir,
  };
}

function configFile(suppressions: string): string {
  const file = path.join(tempDir("rampart-subrules-config-"), "rampart.yaml");
  writeFileSync(file, `suppressions:\n${suppressions}`);
  return file;
}

const of = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);
const sarifSubRules = (sarif: Log, ruleId: string) =>
  sarif.runs[0].results!.filter((r) => r.ruleId === ruleId && !r.suppressions).map((r) => r.properties?.subRule);

describe("sub-rules end to end", () => {
  const labs = useLabs({ api: () => startRestApi({ hardened: false }), bot: () => startEncodedBypassBot() });

  it("an exposure finding carries its pack group in JSON, SARIF properties and the human formats", async () => {
    const { json, sarif, dir } = await scan(labs.api.apiUrl, "--only", EXPOSED);
    const found = of(json.findings, EXPOSED);
    const byPath = Object.fromEntries(found.map((f) => [f.operation.path, f]));
    expect(byPath["/.git/config"].subRule).toBe("vcs");
    expect(byPath["/.env"].subRule).toBe("env");
    expect(byPath["/actuator/env"].subRule).toBe("spring-actuator");
    expect(found.every((f) => f.subRule !== undefined)).toBe(true);
    // Adding the sub-rule left the fingerprint as it was: rule, operation and the path as key.
    expect(byPath["/.git/config"].fingerprint).toBe(
      fingerprintOf(EXPOSED, { method: "GET", path: "/.git/config" }, "/.git/config"),
    );
    const result = sarif.runs[0].results!.find((r) => r.properties?.operation === "GET /.git/config");
    expect(result?.properties?.subRule).toBe("vcs");
    expect(sarifSubRules(sarif, EXPOSED)).toEqual(found.map((f) => f.subRule));
    for (const file of ["rampart.txt", "rampart.md", "rampart.html"])
      expect(readFileSync(path.join(dir, file), "utf8"), file).toContain(`${EXPOSED}/vcs`);
  });

  it("an LLM family finding carries its family id, and six families on one operation have six fingerprints", async () => {
    const { json, sarif } = await scan(labs.bot.chatUrl, "--only", ENCODING, "--llm-tier", "standard");
    const found = of(json.findings, ENCODING);
    expect(found.map((f) => f.subRule).sort()).toEqual(FAMILIES);
    expect(new Set(found.map((f) => `${f.operation.method} ${f.operation.path}`))).toEqual(new Set(["POST /ask"]));
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(FAMILIES.length);
    expect((sarifSubRules(sarif, ENCODING) as string[]).sort()).toEqual(FAMILIES);
  });

  it("a suppression by rule + subRule takes out that family only; the rule's other families stay", async () => {
    const config = configFile(`  - rule: ${ENCODING}
    subRule: base64
    reason: base64 decoding is a product feature, filtered downstream
    expires: 2999-12-31
`);
    const { json, sarif } = await scan(
      labs.bot.chatUrl,
      "--only",
      ENCODING,
      "--llm-tier",
      "standard",
      "--config",
      config,
    );
    expect(
      of(json.findings, ENCODING)
        .map((f) => f.subRule)
        .sort(),
    ).toEqual(FAMILIES.filter((f) => f !== "base64"));
    expect(suppressionsOf(json).map((s) => [s.finding.ruleId, s.finding.subRule])).toEqual([[ENCODING, "base64"]]);
    const suppressed = sarif.runs[0].results!.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.properties?.subRule)).toEqual(["base64"]);
  });

  it("a suppression by rule + subRule takes out one exposure group and keeps the others", async () => {
    const config = configFile(`  - rule: ${EXPOSED}
    subRule: vcs
    reason: the lab serves its repository metadata on purpose
    expires: 2999-12-31
`);
    const { json } = await scan(labs.api.apiUrl, "--only", EXPOSED, "--config", config);
    const kept = of(json.findings, EXPOSED);
    expect(kept.some((f) => f.subRule === "vcs")).toBe(false);
    expect(kept.some((f) => f.subRule === "env")).toBe(true);
    const suppressed = suppressionsOf(json).map((s) => s.finding);
    expect(suppressed.map((f) => f.operation.path)).toEqual(expect.arrayContaining(["/.git/config", "/.git/HEAD"]));
    expect(suppressed.every((f) => f.ruleId === EXPOSED && f.subRule === "vcs")).toBe(true);
  });

  it("rampart checks lists each check's sub-rules (text and JSON)", async () => {
    const text = await rampart("checks");
    expect(text.stdout).toMatch(
      new RegExp(`^${ENCODING} .*\n +sub-rules: base64, rot13, unicode-tags, hex, leetspeak, zero-width$`, "m"),
    );
    const json = JSON.parse((await rampart("checks", "--json")).stdout) as {
      id: string;
      subRules?: { id: string }[];
    }[];
    expect(json.find((m) => m.id === EXPOSED)?.subRules?.map((s) => s.id)).toContain("vcs");
    expect(json.find((m) => m.id === "inventory-version-headers")?.subRules).toBeUndefined();
  });

  it("refuses a sub-rule without its rule, and a rule written as rule/sub-rule", async () => {
    for (const [entry, message] of [
      ["  - subRule: vcs\n", "subRule names a sub-rule of a rule"],
      [`  - rule: ${EXPOSED}/vcs\n`, "a sub-rule goes in subRule"],
    ]) {
      const config = configFile(`${entry}    reason: testing the parser\n    expires: 2999-12-31\n`);
      const run = await rampart("scan", labs.api.apiUrl, "--config", config);
      expect(run.code).toBe(64);
      expect(run.stderr).toContain(message);
    }
  });
});
