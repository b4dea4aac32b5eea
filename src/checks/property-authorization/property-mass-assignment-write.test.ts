import { describe, expect, it } from "vitest";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, verdictOf } from "../../../test/harness.js";
import { scanWithSpec, useInjectionLabs } from "../../../test/injection-kit.js";
import check from "./property-mass-assignment-write.js";

describe("property-mass-assignment-write", () => {
  const labs = useInjectionLabs();

  it("is off without --active and writes nothing", async () => {
    const report = await scanWithSpec(check, labs.vulnerable);
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(labs.vulnerable.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("creates two throw-away users, finds the privileged property stored, and confirms by reading it back", async () => {
    const report = await scanWithSpec(check, labs.vulnerable, { enabled: ["active"] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.operation).toEqual({ method: "POST", path: "/api/users" });
    expect(finding.confidence).toBe("confirmed");
    expect(finding.evidence.detail).toMatch(/^property isAdmin; plain false; sent true; read back true$/);
    // Two creates and a read at /api/users; the webhook create is tried too and shows nothing.
    expectNotCutAtCap(report, check);
    const created = labs.vulnerable.requests.filter((r) => r.method === "POST" && r.url === "/api/users");
    expect(created.length).toBe(2);
    for (const r of created) expect(JSON.parse(r.body).username).toMatch(/^rmp-[a-z0-9]{10}$/);
  });

  it("stays quiet where the server picks the fields itself, and on a catch-all host", async () => {
    for (const lab of [labs.hardened, labs.catchAll]) {
      const report = await scanWithSpec(check, lab, { enabled: ["active"] });
      expect(findingsOf(report, check.meta.id)).toEqual([]);
    }
  });
});
