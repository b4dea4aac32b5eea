import { describe, expect, it } from "vitest";
import { checkConsent, parseAllowRule, type Resolver } from "./consent.js";

/** Pinned DNS, so the cases do not depend on the machine's resolver. */
const dns =
  (table: Record<string, string[]>): Resolver =>
  async (name) => {
    const found = table[name];
    if (!found) throw new Error(`ENOTFOUND ${name}`);
    return found;
  };

const allowed = (url: string, rules: string[], resolve: Resolver = dns({})) =>
  checkConsent(new URL(url), rules.map(parseAllowRule), resolve).then(
    () => true,
    (err: Error) => {
      expect(err.name).toBe("UsageError");
      expect(err.message).not.toContain("\n");
      return false;
    },
  );

describe("--allow-target rules", () => {
  it("parse hosts, addresses, ports, wildcards and ranges", () => {
    expect(parseAllowRule("127.0.0.1:8080")).toMatchObject({ kind: "range", port: 8080 });
    expect(parseAllowRule("[::1]:8080")).toMatchObject({ kind: "range", port: 8080 });
    expect(parseAllowRule("::1")).toMatchObject({ kind: "range", port: undefined });
    expect(parseAllowRule("10.0.0.0/8")).toMatchObject({ kind: "range", port: undefined });
    expect(parseAllowRule("API.Example.com.")).toMatchObject({ kind: "name", name: "api.example.com" });
    expect(parseAllowRule("*.example.com:443")).toMatchObject({ kind: "name", wildcard: true, port: 443 });
  });

  it("reject anything else with one line", () => {
    for (const bad of ["", "http://x", "a b", "10.0.0.0/99", "host/path", "user@host", "host:99999", "x?y"])
      expect(() => parseAllowRule(bad), bad).toThrow(/^--allow-target .*expected host\[:port\]/);
  });
});

describe("consent", () => {
  it("refuses everything when nothing is allowed, naming the flag to add", async () => {
    await expect(checkConsent(new URL("http://127.0.0.1:9000/"), [])).rejects.toThrow(
      /--allow-target 127\.0\.0\.1:9000/,
    );
  });

  it("matches addresses by range and port, including the default ports", async () => {
    expect(await allowed("http://10.1.2.3:8080/api", ["10.0.0.0/8"])).toBe(true);
    expect(await allowed("http://11.1.2.3/", ["10.0.0.0/8"])).toBe(false);
    expect(await allowed("http://127.0.0.1:8080/", ["127.0.0.1:8081"])).toBe(false);
    expect(await allowed("http://127.0.0.1/", ["127.0.0.1:80"])).toBe(true);
    expect(await allowed("https://127.0.0.1/", ["127.0.0.1:80"])).toBe(false);
    expect(await allowed("http://[::1]:3000/", ["::1"])).toBe(true);
    expect(await allowed("http://[::1]:3000/", ["127.0.0.1"])).toBe(false);
  });

  it("sees through other spellings of an address", async () => {
    // The URL parser turns these into 127.0.0.1; IPv4-mapped IPv6 is the IPv4 address it carries.
    expect(await allowed("http://2130706433:8080/", ["127.0.0.1"])).toBe(true);
    expect(await allowed("http://0x7f.1:8080/", ["10.0.0.0/8"])).toBe(false);
    expect(await allowed("http://[::ffff:127.0.0.1]:8080/", ["127.0.0.0/8"])).toBe(true);
    expect(await allowed("http://[::ffff:10.0.0.1]:8080/", ["127.0.0.0/8"])).toBe(false);
  });

  it("allows a host by its name, or when every address it resolves to is allowed", async () => {
    const resolve = dns({ "api.lab": ["10.0.0.5"], "split.lab": ["10.0.0.6", "203.0.113.9"] });
    expect(await allowed("http://API.lab./", ["api.lab"], resolve)).toBe(true);
    expect(await allowed("http://api.lab/", ["10.0.0.0/24"], resolve)).toBe(true);
    expect(await allowed("http://split.lab/", ["10.0.0.0/24"], resolve)).toBe(false);
    expect(await allowed("http://nowhere.lab/", ["10.0.0.0/24"], resolve)).toBe(false);
    expect(await allowed("http://other.lab/", ["api.lab"], resolve)).toBe(false);
  });

  it("matches a wildcard on subdomains only", async () => {
    expect(await allowed("https://a.b.example.com/", ["*.example.com"])).toBe(true);
    expect(await allowed("https://example.com/", ["*.example.com"])).toBe(false);
    expect(await allowed("https://badexample.com/", ["*.example.com"])).toBe(false);
  });

  it("says which addresses fell outside, and what would allow them", async () => {
    const resolve = dns({ "split.lab": ["10.0.0.6", "203.0.113.9"] });
    await expect(
      checkConsent(new URL("http://split.lab:81/"), [parseAllowRule("10.0.0.0/24")], resolve),
    ).rejects.toThrow(/split\.lab resolves to 203\.0\.113\.9\).*--allow-target split\.lab:81/);
  });
});
