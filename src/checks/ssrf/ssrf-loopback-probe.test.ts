import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { findingsOf, requestsOf, scanWith, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check, { CLOSED_LOOPBACK_URL } from "./ssrf-loopback-probe.js";

const fetchUrl = (origin: string) => `${origin}/api/v1/fetch?url=https%3A%2F%2Fcdn.example.com%2Fa.png`;

describe("ssrf-loopback-probe", () => {
  const labs = useLab(startLabTrio);

  it("is off unless --ssrf-probe is given", async () => {
    const report = await scanWith(check, fetchUrl(labs.vulnerable.origin));
    expect(verdictOf(report, check.meta.id)).toBe("skipped");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("finds the lab fetching its own closed loopback port, high, two requests", async () => {
    const report = await scanWith(check, fetchUrl(labs.vulnerable.origin), { enabled: ["ssrf-probe"] });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.message).toContain("connection error");
    expect(requestsOf(report, check.meta.id)).toBe(2);
    expect(CLOSED_LOOPBACK_URL.startsWith("http://127.0.0.1:")).toBe(true);
  });

  it("stays quiet on the hardened allow-list and on a catch-all host", async () => {
    const hardened = await scanWith(check, fetchUrl(labs.hardened.origin), { enabled: ["ssrf-probe"] });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    const caught = await scanWith(check, fetchUrl(labs.catchAll.origin), { enabled: ["ssrf-probe"] });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});
