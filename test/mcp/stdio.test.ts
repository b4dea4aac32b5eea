/**
 * `rampart mcp` over stdio, driven by the MCP SDK's own client against lab servers on 127.0.0.1:
 * tools listed, a scan of an allowed target found by rule id, SARIF 2.1.0 from get_report, a target
 * outside --allow-target refused without a single request, credentials by env name never echoed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { useLabs } from "../lab-hooks.js";
import { sarifSchemaErrors } from "../report/sarif-schema.js";
import { connectStdio, type McpSession, textOf } from "./client.js";

const SECRET = "mcp-lab-secret-7f3a9c21d4e8b605";

interface Summary {
  scanId: string;
  score: number;
  grade: string;
  tested: boolean;
  findings: number;
  counts: Record<string, number>;
  top: { ruleId: string; severity: string; title: string; operation: string }[];
}

describe("rampart mcp over stdio", () => {
  const labs = useLabs({
    allowed: () => startRestApi({ hardened: false }),
    hardened: () => startRestApi({ hardened: true }),
    outside: () => startRestApi({ hardened: false }),
  });
  let mcp: McpSession;
  beforeAll(async () => {
    const port = (lab: { port: number }) => String(lab.port);
    mcp = await connectStdio(
      [
        "--allow-target",
        `127.0.0.1:${port(labs.allowed)}`,
        "--allow-target",
        `localhost:${port(labs.hardened)}`,
        "--allow-auth-env",
        "LAB_TOKEN",
      ],
      { LAB_TOKEN: SECRET, UNLISTED_TOKEN: SECRET },
    );
  });
  afterAll(() => mcp?.close());

  let scanId = "";

  it("lists its tools, each with an input schema", async () => {
    const { tools } = await mcp.client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(["diff", "explain_finding", "get_report", "list_checks", "list_findings", "scan"]);
    const scan = tools.find((t) => t.name === "scan")!;
    expect(Object.keys(scan.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["target", "auth", "active"]),
    );
    expect(scan.outputSchema?.properties).toHaveProperty("scanId");
  });

  it("scans an allowed target and answers with its findings by rule id, reporting progress", async () => {
    const progress: number[] = [];
    const result = await mcp.call("scan", { target: labs.allowed.apiUrl, skip: ["llm"] }, (p) => progress.push(p));
    expect(result.isError).toBeFalsy();
    const summary = result.structuredContent as unknown as Summary;
    scanId = summary.scanId;
    expect(summary.tested).toBe(true);
    expect(summary.findings).toBeGreaterThan(5);
    const rules = summary.top.map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(["cors-origin-reflected"]));
    expect(summary.top[0]).toMatchObject({ severity: expect.any(String), operation: expect.stringMatching(/^GET \//) });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Compact: the whole report is only sent by get_report.
    expect(textOf(result).length).toBeLessThan(4000);
    expect(labs.allowed.requests.length).toBeGreaterThan(20);
  });

  it("returns the full report as valid SARIF 2.1.0, and the other formats", async () => {
    const sarif = await mcp.call("get_report", { scanId, format: "sarif" });
    expect(sarif.isError).toBeFalsy();
    const log = JSON.parse(textOf(sarif));
    expect(log.version).toBe("2.1.0");
    expect(sarifSchemaErrors(log)).toEqual([]);
    const ruleIds = new Set(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
    expect(ruleIds.has("cors-origin-reflected")).toBe(true);
    expect(sarif.structuredContent).toMatchObject({ format: "sarif", mediaType: "application/sarif+json" });
    for (const [format, marker] of [
      ["json", '"tool"'],
      ["markdown", "#"],
      ["html", "<html"],
      ["junit", "<testsuites"],
    ] as const) {
      const r = await mcp.call("get_report", { scanId, format });
      expect(textOf(r), format).toContain(marker);
    }
  });

  it("lists findings filtered by severity and category", async () => {
    const all = await mcp.call("list_findings", { scanId });
    const high = await mcp.call("list_findings", { scanId, minSeverity: "high" });
    const graphql = await mcp.call("list_findings", { scanId, ruleId: "graphql-introspection" });
    const { total } = all.structuredContent as { total: number };
    const highFindings = (high.structuredContent as { findings: { severity: string }[] }).findings;
    expect(total).toBeGreaterThan(highFindings.length);
    expect(highFindings.every((f) => f.severity === "critical" || f.severity === "high")).toBe(true);
    expect((graphql.structuredContent as { total: number }).total).toBe(1);
    // Findings of a rule with parts name the part (the exposure group), so an agent can tell them apart.
    const exposed = await mcp.call("list_findings", { scanId, ruleId: "data-exposure-exposed-paths" });
    const groups = (exposed.structuredContent as { findings: { subRule?: string }[] }).findings.map((f) => f.subRule);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => typeof g === "string" && /^[a-z0-9-]+$/.test(g))).toBe(true);
  });

  it("refuses a target outside --allow-target without sending it a request", async () => {
    const before = labs.outside.requests.length;
    for (const target of [
      labs.outside.apiUrl,
      labs.outside.apiUrl.replace("127.0.0.1", "localhost"),
      `http://[::1]:${labs.outside.port}/api/v1/users`,
    ]) {
      const result = await mcp.call("scan", { target });
      expect(result.isError, target).toBe(true);
      expect(textOf(result)).toMatch(/not allowed.*--allow-target/);
    }
    expect(labs.outside.requests.length).toBe(before);
  });

  it("allows a target by host name and compares two scans", async () => {
    const result = await mcp.call("scan", { target: labs.hardened.apiUrl.replace("127.0.0.1", "localhost") });
    expect(result.isError).toBeFalsy();
    const hardened = result.structuredContent as unknown as Summary;
    const diff = await mcp.call("diff", { base: scanId, head: hardened.scanId });
    expect(diff.isError).toBeFalsy();
    const d = diff.structuredContent as { targetsDiffer: boolean; counts: { fixed: number }; scoreDrift: number };
    expect(d.targetsDiffer).toBe(true);
    expect(d.counts.fixed).toBeGreaterThan(0);
    expect(d.scoreDrift).toBeGreaterThan(0);
  });

  it("reads a local spec file over stdio", async () => {
    const result = await mcp.call("scan", {
      target: labs.allowed.apiUrl,
      spec: "lab/specs/lab-api.openapi31.yaml",
      only: ["openapi-unsecured-operation", "openapi-auth-not-enforced"],
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const { scanId: withSpec } = result.structuredContent as unknown as Summary;
    const report = JSON.parse(textOf(await mcp.call("get_report", { scanId: withSpec, format: "json" })));
    expect(report.extensions.openapi.source).toMatchObject({ kind: "file" });
  });

  it("refuses the active tier without --allow-active and an env variable that was not allowed", async () => {
    const before = labs.allowed.requests.length;
    const active = await mcp.call("scan", { target: labs.allowed.apiUrl, active: true });
    expect(active.isError).toBe(true);
    expect(textOf(active)).toMatch(/--allow-active/);
    const unlisted = await mcp.call("scan", { target: labs.allowed.apiUrl, auth: { env: "UNLISTED_TOKEN" } });
    expect(unlisted.isError).toBe(true);
    expect(textOf(unlisted)).toMatch(/--allow-auth-env UNLISTED_TOKEN/);
    expect(textOf(unlisted)).not.toContain(SECRET);
    expect(labs.allowed.requests.length).toBe(before);
  });

  it("sends credentials named by an env variable and never echoes them", async () => {
    const before = labs.allowed.requests.length;
    const result = await mcp.call("scan", {
      target: labs.allowed.apiUrl,
      auth: { env: "LAB_TOKEN" },
      only: ["authentication", "data-exposure"],
    });
    expect(result.isError).toBeFalsy();
    const sent = labs.allowed.requests.slice(before).filter((r) => r.headers.authorization === `Bearer ${SECRET}`);
    expect(sent.length).toBeGreaterThan(0);
    const { scanId: authed } = result.structuredContent as unknown as Summary;
    const answers = [JSON.stringify(result)];
    for (const format of ["json", "sarif", "markdown", "html", "junit"])
      answers.push(JSON.stringify(await mcp.call("get_report", { scanId: authed, format })));
    answers.push(JSON.stringify(await mcp.call("list_findings", { scanId: authed, limit: 200 })));
    for (const a of answers) expect(a).not.toContain(SECRET);
  });

  it("explains a rule: its meaning, the risk and the fix", async () => {
    const result = await mcp.call("explain_finding", { ruleId: "cors-origin-reflected" });
    expect(result.isError).toBeFalsy();
    const e = result.structuredContent as {
      meaning: string;
      whyItMatters: string;
      remediation: string;
      references: string[];
      owasp: { id: string; name: string }[];
    };
    expect(e.whyItMatters.length).toBeGreaterThan(20);
    expect(e.remediation.length).toBeGreaterThan(20);
    expect(e.owasp[0].name).not.toBe(e.owasp[0].id);
    expect(e.references.some((r) => r.startsWith("https://cwe.mitre.org/"))).toBe(true);
    const listed = await mcp.call("list_findings", { scanId, ruleId: "cors-origin-reflected", limit: 1 });
    const [line] = (listed.structuredContent as { findings: { fingerprint: string }[] }).findings;
    const detailed = await mcp.call("explain_finding", {
      ruleId: "cors-origin-reflected",
      scanId,
      fingerprint: line.fingerprint,
    });
    const finding = (detailed.structuredContent as { finding: { reproduce: string; evidence: { request: string } } })
      .finding;
    expect(finding.reproduce).toMatch(/^curl /);
    expect(finding.evidence.request).toMatch(/^(GET|OPTIONS) \//);
    const mismatch = await mcp.call("explain_finding", {
      ruleId: "graphql-introspection",
      scanId,
      fingerprint: line.fingerprint,
    });
    expect(mismatch.isError).toBe(true);
    const unknown = await mcp.call("explain_finding", { ruleId: "cors-origin" });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/unknown rule id.*cors-origin-reflected/);
  });

  it("lists every check and answers unknown scan ids and bad input with one line", async () => {
    const checks = await mcp.call("list_checks", {});
    const { count } = checks.structuredContent as { count: number };
    expect(count).toBeGreaterThan(50);
    const llm = await mcp.call("list_checks", { category: "llm" });
    expect(
      (llm.structuredContent as { checks: { category: string }[] }).checks.every((c) => c.category === "llm"),
    ).toBe(true);
    const missing = await mcp.call("get_report", { scanId: "scan-000000000000", format: "sarif" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^no report/);
    const bad = await mcp.call("scan", { target: "ftp://127.0.0.1/" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/unsupported scheme/);
    expect(textOf(bad)).not.toMatch(/\n\s+at /);
  });
});

describe("rampart mcp over stdio with no --allow-target", () => {
  const labs = useLabs({ api: () => startRestApi({ hardened: false }) });
  it("refuses every scan and contacts nothing", async () => {
    const mcp = await connectStdio([]);
    try {
      const result = await mcp.call("scan", { target: labs.api.apiUrl });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/no target is allowed.*--allow-target 127\.0\.0\.1:\d+/);
      expect(labs.api.requests.length).toBe(0);
    } finally {
      await mcp.close();
    }
  });
});
