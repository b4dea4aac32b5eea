/** Authenticated scans of the lab twins with every check: the seeded issues found, the hardened twin quiet. */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../src/checks/index.js";
import { atLeast } from "../../src/engine/finding.js";
import { runScan } from "../../src/engine/scan.js";
import { useLab } from "../../test/lab-hooks.js";
import { labIdentities } from "./auth.js";
import { startLabTrio } from "./index.js";

const scanAs = (origin: string, path: string, hardened: boolean) =>
  runScan({
    url: origin + path,
    checks: CHECKS,
    seed: 3,
    identities: labIdentities(hardened, 1, 2),
    enabled: ["ssrf-probe"],
    limits: { budget: 600, deadlineMs: 60_000 },
  });

describe("lab auth module under authenticated scans", () => {
  const labs = useLab(startLabTrio);

  it("the vulnerable flavour shows the seeded JWT, BOLA and BFLA issues", async () => {
    const report = await scanAs(labs.vulnerable.origin, "/api/v1/accounts/1", false);
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      "jwt-alg-none-accepted",
      "jwt-weak-secret",
      "jwt-expired-accepted",
      "jwt-missing-expiry",
      "jwt-sensitive-claims",
      "bola-object-ids",
      "bfla-admin-paths",
      "resource-rate-limit-burst",
      "graphql-introspection",
    ])
      expect(rules, id).toContain(id);
    const methods = new Set(labs.vulnerable.requests.map((r) => r.method));
    for (const m of methods) expect(["GET", "HEAD", "OPTIONS", "POST"]).toContain(m);
  }, 60_000);

  it("the hardened twin gets no high or critical finding", async () => {
    for (const path of ["/api/v1/accounts/1", "/api/v1/me", "/api/v1/reports"]) {
      const report = await scanAs(labs.hardened.origin, path, true);
      const loud = report.findings.filter((f) => atLeast(f.severity, "high"));
      expect(loud.map((f) => `${f.ruleId} ${f.operation.path}: ${f.message}`)).toEqual([]);
    }
  }, 60_000);
});
