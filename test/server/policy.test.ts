/** The target policy: refused at submission before any request, pinned at connect time. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { scanTarget } from "../../src/api/scan.js";
import { PolicyError, pinnedLookup, restrictionOf, TargetPolicy } from "../../src/server/policy.js";
import { startTestService, type TestService } from "./helpers.js";

describe("target policy", () => {
  it("classifies restricted addresses and keeps public ones public", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
    ])
      expect(restrictionOf(a), a).toBeDefined();
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"])
      expect(restrictionOf(a), a).toBeUndefined();
  });

  it("opens hosts and ranges given with --allow-target, and rejects malformed entries", async () => {
    const policy = new TargetPolicy(["10.0.0.0/8", "internal.example"], async () => [
      { address: "192.168.5.5", family: 4 },
    ]);
    await expect(policy.check("http://10.2.3.4/")).resolves.toMatchObject({ allowedExplicitly: true, isPublic: false });
    await expect(policy.check("http://internal.example/")).resolves.toMatchObject({ address: "192.168.5.5" });
    await expect(policy.check("http://other.example/")).rejects.toThrow(/192\.168\.5\.5, a private address/);
    await expect(policy.check("http://192.168.0.1/")).rejects.toThrow(PolicyError);
    expect(() => new TargetPolicy(["10.0.0.0/99"])).toThrow(/CIDR/);
    expect(() => new TargetPolicy(["bad host!"])).toThrow(/neither/);
  });

  it("pins the approved address at connect time: the scan reaches it under the target's host name", async () => {
    const lab = await startRestApi({ hardened: true });
    try {
      // "lab.rampart.test" does not exist in DNS; only the pinned lookup can connect it to the lab.
      const policy = new TargetPolicy(["lab.rampart.test"], async () => [{ address: "127.0.0.1", family: 4 }]);
      const target = `http://lab.rampart.test:${lab.port}/api/v1/users`;
      const pin = await policy.check(target);
      const report = await scanTarget(
        { target, only: ["transport-hsts"], llm: false, discover: false },
        { lookup: pinnedLookup(pin) },
      );
      expect(report.stats.requests).toBeGreaterThan(0);
      expect(lab.requests.length).toBeGreaterThan(0);
      expect(lab.requests.every((r) => r.headers.host === `lab.rampart.test:${lab.port}`)).toBe(true);
      // Any other host name is refused by the pinned resolver.
      const other = await new Promise<Error | null>((resolve) =>
        pinnedLookup(pin)("evil.test", {}, (err) => resolve(err)),
      );
      expect(other?.message).toMatch(/not the approved target/);
    } finally {
      await lab.close();
    }
  });

  describe("in the service (no --allow-target)", () => {
    let t: TestService;
    let sentinel: RestApi;
    let token: string;
    beforeAll(async () => {
      t = await startTestService({ allowTargets: [] });
      sentinel = await startRestApi({ hardened: false });
      token = await t.token("a");
    });
    afterAll(async () => {
      await t?.close();
      await sentinel?.close();
    });

    it("refuses loopback, private, link-local and metadata targets at submission; nothing is contacted", async () => {
      for (const target of [
        sentinel.apiUrl,
        `http://localhost:${sentinel.port}/api/v1/users`,
        `http://[::1]:${sentinel.port}/`,
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
      ]) {
        const r = await t.api("POST", "/v1/scans", token, { target });
        expect(r.status, target).toBe(403);
        expect(r.json.error.code).toBe("target_refused");
      }
      const hook = await t.api("POST", "/v1/webhooks", token, { url: sentinel.url, events: ["scan.completed"] });
      expect(hook.status).toBe(403);
      await new Promise((r) => setTimeout(r, 500));
      expect(sentinel.requests).toHaveLength(0);
      expect((await t.api("GET", "/v1/scans", token)).json.items).toHaveLength(0);
    });

    it("refuses a public target whose domain the tenant has not verified", async () => {
      const r = await t.api("POST", "/v1/scans", token, { target: "http://93.184.216.34/api" });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe("domain_unverified");
      const d = await t.api("POST", "/v1/domains", token, { host: "api.example.com" });
      expect(d.status).toBe(201);
      expect(d.json).toMatchObject({ host: "api.example.com", verified: false });
      expect(d.json.token).toMatch(/^rampart-verification=/);
    });
  });
});
