/**
 * JUnit XML for CI test tabs: one suite per category, one testcase per check and operation.
 * A check with findings fails once per operation it found something on (the failure carries
 * the findings); a clean check passes as one testcase; skipped, inconclusive and errored
 * checks say why.
 */

import { CATEGORIES, type CoverageEntry, type Finding, type ScanReport } from "../engine/finding.js";
import { incompleteNotice } from "./completeness.js";
import type { RuleCatalog } from "./rules.js";

/** XML 1.0 cannot carry most control characters, even escaped: drop them. */
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
}

function findingText(f: Finding): string {
  return [
    `${f.severity.toUpperCase()} (${f.confidence}) ${f.title}`,
    f.message,
    `Request: ${f.evidence.request}${f.evidence.status !== undefined ? ` -> ${f.evidence.status}` : ""}`,
    ...(f.evidence.detail ? [`Detail: ${f.evidence.detail}`] : []),
    ...(f.evidence.excerpt ? [`Excerpt: ${f.evidence.excerpt}`] : []),
    `Reproduce: ${f.reproduce}`,
    `Remediation: ${f.remediation}`,
    `Taxonomy: ${[...f.owasp, ...f.cwe].join(", ")}`,
    `Fingerprint: ${f.fingerprint}`,
  ].join("\n");
}

interface TestCase {
  classname: string;
  name: string;
  body: string;
  failures: number;
  errors: number;
  skipped: number;
}

function casesOf(entry: CoverageEntry, findings: Finding[], category: string): TestCase[] {
  const classname = `rampart.${category}.${entry.check}`;
  if (findings.length > 0) {
    const byOperation = new Map<string, Finding[]>();
    for (const f of findings) {
      const op = `${f.operation.method} ${f.operation.path}`;
      byOperation.set(op, [...(byOperation.get(op) ?? []), f]);
    }
    return [...byOperation].map(([op, list]) => ({
      classname,
      name: `${entry.check} ${op}`,
      failures: list.length,
      errors: 0,
      skipped: 0,
      body: list
        .map(
          (f) =>
            `<failure${attrs({ message: `${f.severity}: ${f.message}`, type: f.severity })}>${escapeXml(findingText(f))}</failure>`,
        )
        .join(""),
    }));
  }
  const base = { classname, name: entry.check, failures: 0, errors: 0, skipped: 0, body: "" };
  const reason = entry.reason ?? entry.verdict;
  switch (entry.verdict) {
    case "error":
      return [{ ...base, errors: 1, body: `<error${attrs({ message: reason, type: "error" })}/>` }];
    case "skipped":
    case "inconclusive":
      return [{ ...base, skipped: 1, body: `<skipped${attrs({ message: `${entry.verdict}: ${reason}` })}/>` }];
    default:
      return [base];
  }
}

/** A clean check's category is not in the report: the catalog knows it, else the id's category prefix. */
function categoryOfCheck(check: string, report: ScanReport, catalog: RuleCatalog): string {
  const known = report.findings.find((f) => f.ruleId === check)?.category ?? catalog.get(check)?.category;
  if (known) return known;
  const byLength = [...CATEGORIES].sort((a, b) => b.length - a.length);
  return byLength.find((c) => check.startsWith(`${c}-`)) ?? "other";
}

export function renderJunit(report: ScanReport, catalog: RuleCatalog = new Map()): string {
  const findingsByCheck = new Map<string, Finding[]>();
  for (const f of report.findings) findingsByCheck.set(f.ruleId, [...(findingsByCheck.get(f.ruleId) ?? []), f]);
  const suites = new Map<string, TestCase[]>();
  for (const entry of report.coverage) {
    const category = categoryOfCheck(entry.check, report, catalog);
    const cases = casesOf(entry, findingsByCheck.get(entry.check) ?? [], category);
    suites.set(category, [...(suites.get(category) ?? []), ...cases]);
  }
  // An incomplete scan is an error of its own, so a CI test view cannot show it as all green.
  const incomplete = incompleteNotice(report);
  if (incomplete)
    suites.set("rampart", [
      {
        classname: "rampart",
        name: "scan complete",
        failures: 0,
        errors: 1,
        skipped: 0,
        body: `<error${attrs({ message: incomplete, type: "incomplete" })}/>`,
      },
    ]);
  const sum = (cases: TestCase[], key: "errors" | "skipped") => cases.reduce((n, c) => n + c[key], 0);
  const all = [...suites.values()].flat();
  const seconds = (report.stats.durationMs / 1000).toFixed(3);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: `rampart ${report.target}`, tests: all.length, failures: all.filter((c) => c.failures > 0).length, errors: sum(all, "errors"), skipped: sum(all, "skipped"), time: seconds })}>`,
  ];
  for (const [category, cases] of [...suites].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  <testsuite${attrs({ name: category, tests: cases.length, failures: cases.filter((c) => c.failures > 0).length, errors: sum(cases, "errors"), skipped: sum(cases, "skipped"), timestamp: report.startedAt.replace(/Z$/, "") })}>`,
    );
    for (const c of cases) {
      const open = `    <testcase${attrs({ classname: c.classname, name: c.name })}`;
      lines.push(c.body ? `${open}>${c.body}</testcase>` : `${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
