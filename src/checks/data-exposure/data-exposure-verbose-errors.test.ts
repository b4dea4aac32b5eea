import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./data-exposure-verbose-errors.js";

/** What an OpenAPI spec would add: a JSON POST operation the API already accepts. */
const feedbackOperation = specOperations({
  method: "POST",
  path: "/api/v1/exports/notes",
  parameters: [],
  requestBody: { contentTypes: ["application/json"], required: true },
});

describe("data-exposure-verbose-errors", () => {
  const labs = useLab(() => startLabTrio("spa"));

  it("names Express/Node for a stack trace triggered by a malformed query value", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/exports?page=1`);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => [f.message.split(" stack trace")[0], f.severity])).toEqual([["Express/Node.js", "medium"]]);
    expect(found[0].evidence.excerpt).toContain("TypeError");
    expectNotCutAtCap(report, check);
  });

  it("sends a malformed JSON body only to an operation that already takes JSON POSTs", async () => {
    const before = labs.vulnerable.requests.length;
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/exports?page=1`, {
      enrichers: [feedbackOperation],
    });
    const posts = labs.vulnerable.requests.slice(before).filter((r) => r.method === "POST");
    expect(posts.map((p) => [p.url, p.body])).toEqual([["/api/v1/exports/notes", '{"rampart":']]);
    expect(findingsOf(report, check.meta.id).map((f) => f.message.split(" stack trace")[0])).toContain(
      "FastAPI/Starlette",
    );
  });

  it("never sends POST on a URL-only scan", async () => {
    const before = labs.vulnerable.requests.length;
    await scanWith(check, labs.vulnerable.apiUrl);
    expect(labs.vulnerable.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
  });

  it("stays quiet on the hardened twin and on a catch-all host", async () => {
    for (const url of [`${labs.hardened.origin}/api/v1/exports?page=1`, labs.hardened.apiUrl, labs.catchAll.url]) {
      const report = await scanWith(
        check,
        url,
        url.startsWith(labs.hardened.origin) ? { enrichers: [feedbackOperation] } : {},
      );
      expect(findingsOf(report, check.meta.id)).toEqual([]);
      expect(verdictOf(report, check.meta.id)).toBe("pass");
    }
  });
});
