import { describe, expect, it } from "vitest";
import { startRestApi } from "../../../lab/rest/index.js";
import { startShapesApi } from "../../../lab/rest/twins.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab, useLabs } from "../../../test/lab-hooks.js";
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

describe("cache-control-sensitive on responses that carry nothing of the caller's", () => {
  const shapes = useLab(startShapesApi);

  it("ignores cookie deletions, redirects, preflights and served specs", async () => {
    for (const path of ["/account/session", "/account/logout"]) {
      const report = await scanWith(check, `${shapes.origin}${path}`);
      expect(findingsOf(report, check.meta.id), path).toEqual([]);
    }
  });

  it("groups one missing cache policy on many paths into one finding with instances", async () => {
    const api = await startRestApi({ hardened: false });
    try {
      const report = await scanWith(check, api.apiUrl, {
        enrichers: [
          specOperations(
            { method: "GET", path: "/api/v1/users", parameters: [] },
            { method: "GET", path: "/api/v1/users/{id}", parameters: [], sampleUrl: "/api/v1/users/1" },
          ),
        ],
      });
      const personal = findingsOf(report, check.meta.id).filter((f) => f.severity === "low");
      expect(personal).toHaveLength(1);
      expect(personal[0].instanceCount).toBe(2);
      expect(personal[0].instances?.map((i) => i.path)).toEqual(["/api/v1/users", "/api/v1/users/1"]);
    } finally {
      await api.close();
    }
  });
});
