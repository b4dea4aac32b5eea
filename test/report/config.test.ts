/** `.rampart.yaml`: parsing, environment expansion, policy (overrides, suppressions, expiry), and the layer in a real scan. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { CHECKS } from "../../src/checks/index.js";
import { applyPolicy, expandEnv, parseConfig } from "../../src/cli/config.js";
import { suppressionsOf } from "../../src/report/extensions.js";
import { rampart, tempDir } from "./cli.js";
import { FIXTURE_REPORT } from "./fixture.js";

describe("config policy", () => {
  const config = parseConfig(
    `
severity:
  inventory-version-headers: medium
suppressions:
  - fingerprint: 0a1b2c3d4e5f6071
    reason: fixed behind the gateway, ticket SEC-12
    expires: 2026-06-30
  - rule: data-exposure-secrets
    path: /api/v1/config
    reason: test key only
    expires: 2025-01-01
`,
    ".rampart.yaml",
  );

  it("suppresses until the expiry date, overrides severities and rescores", () => {
    const { report, warnings } = applyPolicy(FIXTURE_REPORT, config, "2026-06-30");
    expect(report.findings.map((f) => f.fingerprint)).not.toContain("0a1b2c3d4e5f6071");
    expect(suppressionsOf(report)[0].reason).toContain("SEC-12");
    expect(report.findings.filter((f) => f.ruleId === "inventory-version-headers").map((f) => f.severity)).toEqual([
      "medium",
      "medium",
    ]);
    // Severity order is kept after the override: high, then the medium ones.
    expect(report.findings.map((f) => f.severity)).toEqual(["high", "medium", "medium", "medium", "info"]);
    expect(report.score).toBeGreaterThan(FIXTURE_REPORT.score);
    expect(report.gradeCap?.reason).not.toBe("a confirmed critical finding");
    // The expired one warns and no longer hides its finding.
    expect(warnings).toEqual([
      expect.stringContaining("rule data-exposure-secrets on /api/v1/config expired on 2025-01-01"),
    ]);
    expect(report.findings.some((f) => f.ruleId === "data-exposure-secrets")).toBe(true);
  });

  it("lets a suppression lapse the day after it expires", () => {
    const { report, warnings } = applyPolicy(FIXTURE_REPORT, config, "2026-07-01");
    expect(report.findings.map((f) => f.fingerprint)).toContain("0a1b2c3d4e5f6071");
    expect(warnings).toHaveLength(2);
  });

  it("rejects suppressions without a reason or an expiry, and unknown keys", () => {
    expect(() => parseConfig("suppressions:\n  - rule: x\n    expires: 2026-01-01\n", "c.yaml")).toThrow(/reason/);
    expect(() => parseConfig("suppressions:\n  - rule: x\n    reason: because\n", "c.yaml")).toThrow(/expires/);
    expect(() => parseConfig("taget: http://x\n", "c.yaml")).toThrow(/taget|Unrecognized/);
  });

  it("expands environment variables and names a missing one without a value", () => {
    // The config file's own syntax, not a template literal.
    const [token, nope] = ["bearer:$" + "{TOKEN}", "bearer:$" + "{NOPE}"];
    expect(expandEnv(token, { TOKEN: "abc" }, "auth")).toBe("bearer:abc");
    expect(() => expandEnv(nope, {}, ".rampart.yaml: auth")).toThrow("environment variable NOPE is not set");
  });
});

describe("config layer in a scan", () => {
  let api: RestApi;
  const dir = tempDir();
  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
  });
  afterAll(() => api.close());

  it("takes the target, auth from the environment, checks off and a suppression from the file", async () => {
    const secret = "cfg-secret-token-9876543210";
    process.env.RAMPART_TEST_TOKEN = secret;
    const file = path.join(dir, "rampart.yaml");
    const out = path.join(dir, "scan.json");
    writeFileSync(
      file,
      `target: ${api.apiUrl}
auth: bearer:\${RAMPART_TEST_TOKEN}
checks:
  authentication: off
suppressions:
  - rule: inventory-version-headers
    reason: banner left on purpose in the lab
    expires: 2999-12-31
`,
    );
    try {
      const run = await rampart("scan", "--config", file, "-f", "json", "-o", out, "--fail-on", "low");
      expect(run.code, run.stderr).toBeLessThan(2);
      const report = JSON.parse(readFileSync(out, "utf8"));
      expect(report.target).toBe(api.apiUrl);
      expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === "inventory-version-headers")).toEqual([]);
      expect(report.extensions.suppressions.length).toBeGreaterThan(0);
      const authChecks = new Set(CHECKS.filter((c) => c.meta.category === "authentication").map((c) => c.meta.id));
      const ran = report.coverage.map((c: { check: string }) => c.check);
      expect(ran.length).toBeGreaterThan(0);
      expect(ran.filter((id: string) => authChecks.has(id))).toEqual([]);
      // The token from the environment was sent, and appears in no output.
      expect(api.requests.some((r) => r.headers.authorization === `Bearer ${secret}`)).toBe(true);
      expect(readFileSync(out, "utf8")).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toContain(secret);
    } finally {
      delete process.env.RAMPART_TEST_TOKEN;
    }
  });

  it("exits 64 (usage) with a clear message when the file names an unset variable", async () => {
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, `target: ${api.apiUrl}\nauth: bearer:\${RAMPART_UNSET_VARIABLE}\n`);
    const run = await rampart("scan", "--config", file);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("environment variable RAMPART_UNSET_VARIABLE is not set");
  });
});
