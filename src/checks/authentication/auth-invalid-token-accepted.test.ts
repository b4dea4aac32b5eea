import { describe, expect, it } from "vitest";
import { LAB_API_KEY } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { parseAuth } from "../../cli/auth.js";
import { createRng } from "../../engine/rng.js";
import check, { wrongButWellFormed } from "./auth-invalid-token-accepted.js";

const apiKey = { primary: parseAuth(`header:X-Api-Key:${LAB_API_KEY}`) };

describe("auth-invalid-token-accepted", () => {
  const labs = useLab(startLabTrio);

  it("keeps the key's prefix and changes its secret part", () => {
    const wrong = wrongButWellFormed(LAB_API_KEY, createRng(1));
    expect(wrong.startsWith("lab-api-key-")).toBe(true);
    expect(wrong).not.toBe(LAB_API_KEY);
    expect(wrong).toHaveLength(LAB_API_KEY.length);
  });

  it("finds a format-only API key check, critical", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`, { identities: apiKey });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("critical");
    expectNotCutAtCap(report, check);
    expect(JSON.stringify(report)).not.toContain(LAB_API_KEY);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/me`, { identities: apiKey });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url, { identities: apiKey });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
    expect(verdictOf(caught, check.meta.id)).toBe("inconclusive");
  });
});
