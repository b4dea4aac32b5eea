/**
 * Full scans of the injection lab through the CLI, with its spec: the default tier finds every
 * safe-tier class and sends no shell metacharacter; `--active` adds OS command injection and marks
 * its requests; the hardened twin and its traps get no injection finding in either tier.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { INJECTION_SPEC, startInjectionLab } from "../../lab/injection/app.js";
import type { LoggedRequest } from "../../lab/kit.js";
import { scanTarget } from "../../src/api/scan.js";
import { CHECKS } from "../../src/checks/index.js";
import { main } from "../../src/cli/main.js";
import { defineCheck } from "../../src/engine/check.js";
import { ScanReport } from "../../src/engine/finding.js";
import { tierExtension } from "../../src/report/extensions.js";
import { captureIo } from "../harness.js";
import { scanWithSpec, useInjectionLabs } from "../injection-kit.js";

const INJECTION_RULES = [
  "header-injection-crlf",
  "injection-nosql",
  "injection-os-command",
  "injection-sql",
  "injection-template",
  "injection-wildcard",
  "open-redirect",
  "path-traversal",
  "xss-reflected",
];
/** The benign writes of the active tier. */
const WRITE_RULES = [
  "auth-account-enumeration",
  "auth-login-operator-injection",
  "property-mass-assignment-write",
  "ssrf-body-fields",
];
/** What chains or substitutes shell commands. Quotes, `<`, `>` and `${` are not here: SQL, XSS and template probes need them. */
const SHELL_METACHARACTER = /[;|`]|\$\(|&&/;

/** Every decoded path segment and query value the lab received. */
function sentValues(requests: LoggedRequest[]): string[] {
  return requests.flatMap((r) => {
    const u = new URL(r.url, "http://lab.invalid");
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    return [...u.pathname.split("/").map(decode), ...[...u.searchParams.entries()].flat()];
  });
}

async function scanCli(url: string, ...flags: string[]): Promise<ScanReport> {
  const io = captureIo();
  const spec = flags.includes("--spec") ? [] : ["--spec", INJECTION_SPEC];
  await main(["scan", url, ...spec, "--format", "json", "--quiet", ...flags], io.io);
  return ScanReport.parse(JSON.parse(io.stdout()));
}

const rulesIn = (report: ScanReport, rules = INJECTION_RULES) =>
  [...new Set(report.findings.map((f) => f.ruleId).filter((id) => rules.includes(id)))].sort();

describe("injection lab, full scans", () => {
  const labs = useInjectionLabs();

  it("a default scan finds every safe-tier class, says it ran in the safe tier, and sends no shell metacharacter", async () => {
    const before = labs.vulnerable.requests.length;
    const report = await scanCli(`${labs.vulnerable.origin}/api/orders`);
    expect(rulesIn(report)).toEqual(INJECTION_RULES.filter((id) => id !== "injection-os-command"));
    expect(tierExtension.read(report)).toBe("safe");
    expect(report.coverage.find((c) => c.check === "injection-os-command")?.verdict).toBe("skipped");
    const values = sentValues(labs.vulnerable.requests.slice(before));
    expect(values.length).toBeGreaterThan(100);
    expect(values.filter((v) => SHELL_METACHARACTER.test(v))).toEqual([]);
    // No benign write either: no throw-away object or operator reaches the spec's write operations
    // (other checks' benign POSTs, such as the oversized-input probe, are not writes).
    const writes = labs.vulnerable.requests
      .slice(before)
      .filter((r) => r.method === "POST" && /"rmp|\$ne|\$gt/.test(r.body))
      .map((r) => `${r.method} ${r.url}`);
    expect(writes).toEqual([]);
  });

  it("--active adds OS command injection and the benign writes, and the report states the tier", async () => {
    const report = await scanCli(`${labs.vulnerable.origin}/api/orders`, "--active", "--budget", "600");
    expect(rulesIn(report)).toEqual(INJECTION_RULES);
    expect(rulesIn(report, WRITE_RULES)).toEqual(WRITE_RULES);
    expect(tierExtension.read(report)).toBe("active");
    const [os] = report.findings.filter((f) => f.ruleId === "injection-os-command");
    expect(os.operation.path).toBe("/api/diagnostics/resolve");
  });

  it("the hardened twin and its traps get no injection finding, with or without --active", async () => {
    for (const flags of [[], ["--active", "--budget", "600"]]) {
      const report = await scanCli(`${labs.hardened.origin}/api/orders`, ...flags);
      expect(rulesIn(report), flags.join(" ")).toEqual([]);
      expect(rulesIn(report, WRITE_RULES), flags.join(" ")).toEqual([]);
    }
  });

  it("marks every active-tier request in the exchange log, and only those", async () => {
    const seen: { checkId: string; tier?: string }[] = [];
    const spy = defineCheck({
      meta: {
        id: "test-exchange-spy",
        title: "records the exchange log",
        category: "input-validation",
        severity: "info",
        owasp: ["API8:2023"],
        cwe: ["CWE-20"],
        phase: "passive",
        maxRequests: 0,
        description: "Test only: copies the exchange log.",
        remediation: "Nothing to fix.",
      },
      async run(ctx) {
        for (const x of ctx.exchanges()) seen.push({ checkId: x.checkId, tier: x.tier });
      },
    });
    const checks = [...CHECKS.filter((c) => c.meta.category === "input-validation"), spy];
    await scanWithSpec(checks, labs.vulnerable, { enabled: ["active"] });
    const active = seen.filter((x) => x.tier === "active");
    expect(active.length).toBeGreaterThan(0);
    expect(new Set(active.map((x) => x.checkId))).toEqual(new Set(["injection-os-command"]));
    expect(seen.some((x) => x.checkId === "injection-sql" && x.tier === undefined)).toBe(true);
    expect(seen.filter((x) => x.checkId === "injection-os-command" && x.tier !== "active")).toEqual([]);
    // Through the scan API, as every front end composes a scan: the tier is always published.
    const safe = await scanTarget({
      target: `${labs.vulnerable.origin}/api/orders`,
      only: ["injection-sql"],
      llm: false,
    });
    expect(tierExtension.read(safe)).toBe("safe");
    const activeTier = await scanTarget({
      target: `${labs.vulnerable.origin}/api/orders`,
      only: ["injection-sql"],
      llm: false,
      active: true,
    });
    expect(tierExtension.read(activeTier)).toBe("active");
  });

  it("gives byte-identical JSON for the same seed on a fresh lab, active tier included (apart from startedAt, stats and the port)", async () => {
    // The same target: without the trap that changes on every call, which no scanner can see twice alike.
    const spec = parse(readFileSync(INJECTION_SPEC, "utf8"));
    delete spec.paths["/api/quote"];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rampart-spec-")), "steady.yaml");
    writeFileSync(file, stringify(spec));
    const once = async () => {
      const lab = await startInjectionLab({ hardened: false });
      try {
        const report = await scanCli(
          `${lab.origin}/api/orders`,
          "--active",
          "--budget",
          "1000",
          "--seed",
          "5",
          "--spec",
          file,
        );
        return JSON.stringify({ ...report, startedAt: "", stats: {} }).replaceAll(lab.origin, "ORIGIN");
      } finally {
        await lab.close();
      }
    };
    const first = await once();
    expect(await once()).toBe(first);
    rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
