/**
 * SARIF 2.1.0 for GitHub code scanning. A DAST finding has no source file, and code scanning
 * rejects http(s) artifact URIs, so each result points at the OpenAPI file and line when the
 * scan had a spec in the repository, and otherwise at a stable relative pseudo-path
 * (`api/GET/users/%7Bid%7D`). The live URL goes in the message and the properties.
 */
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Confidence, Finding, OperationRef, ScanReport, Severity } from "../engine/finding.js";
import { type CoverageRow, openapiExtension } from "../openapi/extension.js";
import { incompleteNotice } from "./completeness.js";
import { type RenderOptions, ruleDocsUrl } from "./docs-links.js";
import { baselineOf, type SuppressedFinding, suppressionsOf } from "./extensions.js";
import { type RuleCatalog, type RuleInfo, rulesOf } from "./rules.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** GitHub reads `fullDescription` up to this many characters. */
const MAX_DESCRIPTION = 1024;

/** GitHub maps 9.0+ to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low; info gets none. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: undefined,
};
const LEVEL: Record<Severity, Result.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};
const PRECISION: Record<Confidence, string> = { confirmed: "very-high", firm: "high", tentative: "medium" };

/** The spec file, when the scan read one from a repository-relative path (not a URL, not absolute). */
function specFileOf(report: ScanReport): { uri: string; operations: CoverageRow[] } | undefined {
  const ext = openapiExtension.read(report);
  const source = ext?.source;
  if (source?.kind !== "file") return undefined;
  const spec = source.location.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || spec.startsWith("/") || spec.split("/").includes("..")) return undefined;
  const operations = ext?.operations ?? [];
  return { uri: spec.split("/").map(encodeURIComponent).join("/"), operations };
}

/** `api/GET/users/%7Bid%7D` for GET /users/{id}: stable across runs and hosts, never a URL. */
export function pseudoPath(op: OperationRef): string {
  const segments = op.path.split("/").filter(Boolean);
  return ["api", op.method.toUpperCase(), ...(segments.length > 0 ? segments : ["_root"])]
    .map(encodeURIComponent)
    .join("/");
}

/** The spec's line for an operation the spec declares; a finding elsewhere (e.g. an exposed file) gets its pseudo-path. */
/** One location per instance of the cause (the finding's own operation first), or the finding's operation. */
function locationOf(f: Finding, spec: ReturnType<typeof specFileOf>): Result["locations"] {
  const operations = f.instances && f.instances.length > 0 ? f.instances : [f.operation];
  const ordered = [
    f.operation,
    ...operations.filter((o) => o.method !== f.operation.method || o.path !== f.operation.path),
  ];
  return ordered.flatMap((operation) => operationLocation(operation, spec));
}

function operationLocation(
  operation: Finding["operation"],
  spec: ReturnType<typeof specFileOf>,
): NonNullable<Result["locations"]> {
  const declared = spec?.operations.find(
    (o) => o.method.toUpperCase() === operation.method.toUpperCase() && o.path === operation.path,
  );
  if (spec && declared) {
    const line = Number.isInteger(declared.line) && declared.line! > 0 ? declared.line! : 1;
    return [{ physicalLocation: { artifactLocation: { uri: spec.uri }, region: { startLine: line } } }];
  }
  return [
    {
      physicalLocation: { artifactLocation: { uri: pseudoPath(operation) }, region: { startLine: 1 } },
      message: { text: `${operation.method} ${operation.path}` },
    },
  ];
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

function helpOf(rule: RuleInfo): { text: string; markdown: string } {
  const refs = rule.references;
  const text = [rule.description, `Remediation: ${rule.remediation}`, ...refs.map((r) => `See ${r}`)]
    .filter(Boolean)
    .join("\n\n");
  const markdown = [
    rule.description,
    `**Remediation.** ${rule.remediation}`,
    refs.length > 0 ? refs.map((r) => `- <${r}>`).join("\n") : undefined,
    `Taxonomy: ${[...rule.owasp, ...rule.cwe].join(", ")}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return { text, markdown };
}

function descriptorOf(rule: RuleInfo, options: RenderOptions): ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: (rule.description ?? rule.title).slice(0, MAX_DESCRIPTION) },
    help: helpOf(rule),
    helpUri: ruleDocsUrl(rule.id, options),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", rule.category, ...rule.owasp, ...rule.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)],
      precision: PRECISION[rule.confidence],
      ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
    },
  };
}

interface ResultContext {
  report: ScanReport;
  spec: ReturnType<typeof specFileOf>;
  ruleIndex: ReadonlyMap<string, number>;
  newSinceBaseline?: ReadonlySet<string>;
}

function resultOf(f: Finding, ctx: ResultContext, suppression?: SuppressedFinding): Result {
  const { report, spec } = ctx;
  const url = new URL(f.evidence.request.replace(/^\S+\s+/, ""), report.target).href;
  return {
    ruleId: f.ruleId,
    ruleIndex: ctx.ruleIndex.get(f.ruleId)!,
    level: LEVEL[f.severity],
    ...(ctx.newSinceBaseline ? { baselineState: ctx.newSinceBaseline.has(f.fingerprint) ? "new" : "unchanged" } : {}),
    ...(suppression
      ? {
          suppressions: [
            {
              kind: "external" as const,
              status: "accepted" as const,
              justification: `${suppression.reason} (until ${suppression.expires})`,
            },
          ],
        }
      : {}),
    message: { text: `${f.message} (${f.evidence.request} on ${new URL(report.target).origin})` },
    locations: locationOf(f, spec),
    partialFingerprints: {
      "rampartFingerprint/v1": f.fingerprint,
      // Code scanning tracks alerts by this key; a scan has no source line to hash, so the stable finding hash stands in.
      primaryLocationLineHash: `${f.fingerprint}:1`,
    },
    properties: {
      ...(f.subRule ? { subRule: f.subRule } : {}),
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      operation: `${f.operation.method} ${f.operation.path}`,
      url,
      ...(f.evidence.status !== undefined ? { status: f.evidence.status } : {}),
      ...(f.evidence.detail ? { detail: f.evidence.detail } : {}),
      ...(f.evidence.excerpt ? { excerpt: f.evidence.excerpt } : {}),
      reproduce: f.reproduce,
      remediation: f.remediation,
      tags: [...f.owasp, ...f.cwe],
    },
  };
}

/** The run's category for code scanning: one per target host, so several targets can upload for one commit. */
export function automationCategory(report: ScanReport): string {
  return `rampart/${new URL(report.target).host.replace(/[^A-Za-z0-9.-]/g, "-")}/`;
}

export function toSarif(report: ScanReport, catalog: RuleCatalog, options: RenderOptions = {}): Log {
  const rules = rulesOf(report, catalog);
  const baseline = baselineOf(report);
  const ctx: ResultContext = {
    report,
    spec: specFileOf(report),
    ruleIndex: new Map(rules.map((r, i) => [r.id, i])),
    ...(baseline ? { newSinceBaseline: new Set(baseline.new) } : {}),
  };
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map((r) => descriptorOf(r, options)),
          },
        },
        automationDetails: { id: automationCategory(report) },
        invocations: [
          {
            // An incomplete scan did not do its whole job: code scanning shows it as such.
            executionSuccessful: !report.partial,
            startTimeUtc: report.startedAt,
            toolExecutionNotifications: report.coverage
              .filter((c) => c.verdict === "error")
              .map((c) => ({
                level: "warning" as const,
                message: { text: `${c.check}: ${c.reason ?? "error"}` },
                descriptor: { id: c.check },
              })),
          },
        ],
        results: [
          ...report.findings.map((f) => resultOf(f, ctx)),
          ...suppressionsOf(report).map((s) => resultOf(s.finding, ctx, s)),
        ],
        properties: {
          target: report.target,
          score: report.score,
          grade: report.grade,
          ...(report.partial ? { partial: report.partial.reason, incomplete: incompleteNotice(report) } : {}),
        },
      },
    ],
  };
}

export function renderSarif(report: ScanReport, catalog: RuleCatalog, options: RenderOptions = {}): string {
  return `${JSON.stringify(toSarif(report, catalog, options), null, 2)}\n`;
}
