import { describe, expect, it } from "vitest";
import { LAB_API_KEY } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { parseAuth } from "../../cli/auth.js";
import check from "./auth-credentials-in-query.js";

const queryKey = { primary: parseAuth(`query:api_key:${LAB_API_KEY}`) };

describe("auth-credentials-in-query", () => {
  const labs = useLab(startLabTrio);

  it("finds the API key accepted in the query string, medium, value redacted", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/reports`, { identities: queryKey });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.confidence).toBe("confirmed");
    expect(requestsOf(report, check.meta.id)).toBe(0);
    expect(JSON.stringify(report)).not.toContain(LAB_API_KEY);
  });

  it("finds the header API key also accepted as ?api_key=", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/reports`, {
      identities: { primary: parseAuth(`header:X-Api-Key:${LAB_API_KEY}`) },
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("medium");
    expect(finding.message).toContain("`?api_key=`");
    expectNotCutAtCap(report, check);
    expect(JSON.stringify(report)).not.toContain(LAB_API_KEY);
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/reports`, {
      identities: { primary: parseAuth(`header:X-Api-Key:${LAB_API_KEY}`) },
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
  });

  it("stays quiet where the key is refused in the query, and on a catch-all host", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/reports`, { identities: queryKey });
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url);
    expect(verdictOf(caught, check.meta.id)).toBe("pass");
  });
});
