import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { paddingBody } from "./resource-oversized-input.js";

/** What an OpenAPI layer would add for `POST /api/v1/feedback` taking JSON. */
const feedbackSpec = specOperations({
  method: "POST",
  path: "/api/v1/feedback",
  parameters: [],
  requestBody: { contentTypes: ["application/json"], required: true },
});

describe("resource-oversized-input", () => {
  const labs = useLab(startLabTrio);

  it("builds a padding body of exactly the requested size", () => {
    expect(Buffer.byteLength(paddingBody(1024 * 1024))).toBe(1024 * 1024);
  });

  it("finds a 10 KB query value (low) and a 1 MB body (medium) accepted", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/items?q=shoes`, {
      enrichers: [feedbackSpec],
    });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.severity).sort()).toEqual(["low", "medium"]);
    expect(requestsOf(report, check.meta.id)).toBe(2);
    const posts = labs.vulnerable.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.url)).toEqual(["/api/v1/feedback"]);
  });

  it("stays quiet on the hardened twin (414, 413) and on a catch-all host without parameters", async () => {
    const hardened = await scanWith(check, `${labs.hardened.origin}/api/v1/items?q=shoes`, {
      enrichers: [feedbackSpec],
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, labs.catchAll.url);
    expect(verdictOf(caught, check.meta.id)).toBe("skipped");
  });
});
