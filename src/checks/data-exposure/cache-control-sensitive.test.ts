import { describe, expect, it } from "vitest";
import { startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLabs } from "../../../test/lab-hooks.js";
import check, { operationPathMatcher, preventsSharedCaching } from "./cache-control-sensitive.js";

describe("cache-control-sensitive", () => {
  const labs = useLabs({
    vulnerable: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    catchAllJson: () => startCatchAll("json"),
    catchAllSpa: () => startCatchAll("spa"),
  });

  it("reports uncached personal data (e-mail addresses) as low", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.operation.path, f.evidence.detail])).toEqual([
      ["low", "/api/v1/users", "it carries personal data (an e-mail address)"],
    ]);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("reports a cacheable response that sets a session cookie as medium", async () => {
    const found = findingsOf(await scanWith(check, `${labs.vulnerable.origin}/api/v1/session`), check.meta.id);
    expect(found.map((f) => [f.severity, f.operation.path])).toEqual([["medium", "/api/v1/session"]]);
  });

  it("reports an authenticated answer without no-store as low", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/status`, {
      headers: { Authorization: "Bearer lab-token-123456" },
    });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.severity, f.evidence.detail])).toEqual([["low", "it answers an authenticated request"]]);
    expect(JSON.stringify(report)).not.toContain("lab-token-123456");
  });

  it("stays quiet on the hardened twin (no-store) and on catch-all hosts", async () => {
    for (const url of [
      labs.hardened.apiUrl,
      `${labs.hardened.origin}/api/v1/session`,
      labs.catchAllJson.url,
      labs.catchAllSpa.url,
    ]) {
      const report = await scanWith(check, url);
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });

  it("matches concrete paths against operation templates", () => {
    const isOperation = operationPathMatcher(["/api/v1/users/{id}", "/a.b"]);
    expect(isOperation("/api/v1/users/7")).toBe(true);
    expect(isOperation("/api/v1/users/7/posts")).toBe(false);
    expect(isOperation("/a.b")).toBe(true);
    expect(isOperation("/axb")).toBe(false);
  });

  it("accepts no-store or private, not no-cache alone", () => {
    expect(preventsSharedCaching("no-store")).toBe(true);
    expect(preventsSharedCaching("private, max-age=60")).toBe(true);
    expect(preventsSharedCaching("no-cache")).toBe(false);
    expect(preventsSharedCaching(undefined)).toBe(false);
  });
});
