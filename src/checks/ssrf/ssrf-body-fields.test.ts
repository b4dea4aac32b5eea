import { describe, expect, it } from "vitest";
import { findingsOf, requestsOf, verdictOf } from "../../../test/harness.js";
import { scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./ssrf-body-fields.js";

describe("ssrf-body-fields", () => {
  const labs = useInjectionLabs();

  it("is off without --active", async () => {
    const report = await scanWithSpec(check, labs.vulnerable);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(labs.vulnerable.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("finds the webhook that fetches its callbackUrl, with two POSTs marked active", async () => {
    const report = await scanWithSpec(check, labs.vulnerable, { enabled: ["active"] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.operation).toEqual({ method: "POST", path: "/api/webhooks" });
    expect(finding.message).toContain("callbackUrl");
    expect(requestsOf(report, check.meta.id)).toBe(2);
    const posted = labs.vulnerable.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body));
    expect(posted.map((b) => b.callbackUrl)).toEqual(["rampart-not-a-url", "http://127.0.0.1:1/rampart-ssrf-probe"]);
  });

  it("stays quiet on the hardened allow-list and on a catch-all host", async () => {
    for (const lab of [labs.hardened, labs.catchAll]) {
      const report = await scanWithSpec(check, lab, { enabled: ["active"] });
      expect(findingsOf(report, check.meta.id)).toEqual([]);
    }
  });
});
