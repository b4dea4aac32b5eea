/** The runner's side of sub-rules: copied to the finding, declared by the check, never two on one fingerprint. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, startLab } from "../../lab/kit.js";
import { CheckMeta, defineCheck, type FindingInput } from "../../src/engine/check.js";
import { fingerprintOf } from "../../src/engine/scan.js";
import { findingsOf, scanWith, testCheckMeta } from "../harness.js";

const base = {
  ...testCheckMeta("the sub-rule tests"),
  maxRequests: 1,
  subRules: [
    { id: "alpha", title: "The first sub-rule" },
    { id: "beta", title: "The second sub-rule" },
  ],
};

/** A check that fetches one path and reports what it is given, against the real lab server. */
function reporting(id: string, findings: Omit<FindingInput, "message" | "exchange">[]) {
  return defineCheck({
    meta: { ...base, id },
    async run(ctx) {
      const x = await ctx.http.get("/thing");
      for (const f of findings) ctx.report({ message: `seen (${f.subRule ?? "no sub-rule"})`, exchange: x, ...f });
    },
  });
}

describe("sub-rules in the runner", () => {
  let api: LabServer;
  beforeAll(async () => {
    api = await startLab((req, res) => sendJson(res, 200, { path: req.path }));
  });
  afterAll(() => api.close());

  it("copies the sub-rule and keeps two sub-rules on one operation apart, with the key's fingerprint", async () => {
    const check = reporting("two-sub-rules", [
      { key: "a", subRule: "alpha" },
      { key: "b", subRule: "beta" },
    ]);
    const found = findingsOf(await scanWith(check, `${api.url}thing`), check.meta.id);
    expect(found.map((f) => f.subRule).sort()).toEqual(["alpha", "beta"]);
    expect(new Set(found.map((f) => `${f.operation.method} ${f.operation.path}`)).size).toBe(1);
    // The sub-rule is not hashed in: a finding keeps the fingerprint it had before sub-rules existed.
    for (const f of found)
      expect(f.fingerprint).toBe(fingerprintOf(check.meta.id, f.operation, f.subRule === "alpha" ? "a" : "b"));
  });

  it("keys a sub-rule finding without a key by its sub-rule, so sub-rules alone never collapse", async () => {
    const check = reporting("sub-rules-no-key", [{ subRule: "alpha" }, { subRule: "beta" }]);
    const found = findingsOf(await scanWith(check, `${api.url}thing`), check.meta.id);
    expect(found.map((f) => f.subRule).sort()).toEqual(["alpha", "beta"]);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(2);
  });

  it("ends the check with an error when two sub-rules would share a fingerprint", async () => {
    const check = reporting("sub-rules-collide", [
      { key: "same", subRule: "alpha" },
      { key: "same", subRule: "beta" },
    ]);
    const report = await scanWith(check, `${api.url}thing`);
    const entry = report.coverage.find((c) => c.check === check.meta.id);
    expect(entry?.reason).toMatch(/sub-rules alpha and beta share fingerprint [0-9a-f]{16}: give them different keys/);
    expect(findingsOf(report, check.meta.id).map((f) => f.subRule)).toEqual(["alpha"]);
  });

  it("ends the check with an error on a sub-rule its metadata does not declare", async () => {
    const check = reporting("sub-rule-undeclared", [{ key: "a", subRule: "gamma" }]);
    const report = await scanWith(check, `${api.url}thing`);
    expect(report.coverage.find((c) => c.check === check.meta.id)).toMatchObject({
      verdict: "error",
      reason: expect.stringContaining('sub-rule "gamma" is not among the sub-rules sub-rule-undeclared declares'),
    });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
  });

  it("metadata takes only unique kebab-case sub-rule ids", () => {
    const meta = { ...base, id: "meta-check" };
    expect(CheckMeta.safeParse(meta).success).toBe(true);
    expect(CheckMeta.safeParse({ ...meta, subRules: [{ id: "Not Kebab", title: "A sub-rule" }] }).success).toBe(false);
    expect(CheckMeta.safeParse({ ...meta, subRules: [base.subRules[0], base.subRules[0]] }).success).toBe(false);
  });
});
