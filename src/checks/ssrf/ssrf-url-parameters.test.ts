import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./ssrf-url-parameters.js";

describe("ssrf-url-parameters", () => {
  const labs = useLab(startLabTrio);

  it("notes URL-taking parameters by name and by value, info and tentative, sending nothing", async () => {
    const report = await scanWith(
      check,
      `${labs.vulnerable.origin}/api/v1/fetch?url=https%3A%2F%2Fcdn.example.com%2Fa.png&ref=https://example.org/x`,
    );
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.message).sort()).toEqual([
      expect.stringContaining("`ref` (its example is a URL)"),
      expect.stringContaining("`url` (its example is a URL)"),
    ]);
    expect(found.every((f) => f.severity === "info" && f.confidence === "tentative")).toBe(true);
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet without URL parameters (hardened twin's plain URL, catch-all host)", async () => {
    expect(verdictOf(await scanWith(check, labs.hardened.apiUrl), check.meta.id)).toBe("pass");
    expect(findingsOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toEqual([]);
  });
});
