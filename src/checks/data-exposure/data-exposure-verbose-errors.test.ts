import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab/kit.js";
import { type RestApi, startRestApi } from "../../../lab/rest/index.js";
import { startCatchAll } from "../../../lab/servers/catch-all.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import type { TargetEnricher } from "../../engine/scan.js";
import check from "./data-exposure-verbose-errors.js";

/** What an OpenAPI spec would add: a JSON POST operation the API already accepts. */
const feedbackOperation: TargetEnricher = {
  name: "test-spec",
  maxRequests: 0,
  async enrich({ target }) {
    target.operations.push({
      method: "POST",
      path: "/api/v1/exports/notes",
      parameters: [],
      requestBody: { contentTypes: ["application/json"], required: true },
      source: "spec",
    });
  },
};

describe("data-exposure-verbose-errors", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let catchAll: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, catchAll] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startCatchAll("spa"),
    ]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), catchAll.close()]));

  it("names Express/Node for a stack trace triggered by a malformed query value", async () => {
    const report = await scanWith(check, `${vulnerable.origin}/api/v1/exports?page=1`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.message.split(" stack trace")[0], f.severity])).toEqual([["Express/Node.js", "medium"]]);
    expect(found[0].evidence.excerpt).toContain("TypeError");
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("sends a malformed JSON body only to an operation that already takes JSON POSTs", async () => {
    const before = vulnerable.requests.length;
    const report = await scanWith(check, `${vulnerable.origin}/api/v1/exports?page=1`, {
      enrichers: [feedbackOperation],
    });
    const posts = vulnerable.requests.slice(before).filter((r) => r.method === "POST");
    expect(posts.map((p) => [p.url, p.body])).toEqual([["/api/v1/exports/notes", '{"rampart":']]);
    expect(findingsOf(report, check.meta.id).map((f) => f.message.split(" stack trace")[0])).toContain(
      "FastAPI/Starlette",
    );
  });

  it("never sends POST on a URL-only scan", async () => {
    const before = vulnerable.requests.length;
    await scanWith(check, vulnerable.apiUrl);
    expect(vulnerable.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${hardened.origin}/api/v1/exports?page=1`, hardened.apiUrl, catchAll.url]) {
      const report = await scanWith(
        check,
        url,
        url.startsWith(hardened.origin) ? { enrichers: [feedbackOperation] } : {},
      );
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
