/**
 * Rampart as MCP tools for coding agents: `scan`, `get_report`, `list_findings`,
 * `explain_finding`, `list_checks` and `diff`. Every scan goes through the one scan API
 * (`scanTarget`); the server adds the policy of whoever started it: which targets may be scanned,
 * whether the active tier is allowed, which environment variables may carry credentials. A refusal
 * is a tool error and happens before any request reaches the target. Answers stay compact; the
 * whole report is sent only by `get_report`.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { parseScanRequest, ScanRequest, type ScanRequestInput, scanTarget } from "../api/scan.js";
import { UsageError } from "../engine/errors.js";
import { CATEGORIES, Category, type ScanReport, Severity } from "../engine/finding.js";
import { atLeast } from "../engine/severity.js";
import { parseTargetUrl } from "../engine/target.js";
import { VERSION } from "../engine/version.js";
import { diffReports } from "../report/diff.js";
import { RENDERERS } from "../report/index.js";
import { type AllowRule, checkConsent, type Resolver } from "./consent.js";
import { checkMetas, Explanation, explainRule } from "./explain.js";
import type { ReportStore } from "./store.js";
import {
  DiffSummary,
  diffSummary,
  FindingDetail,
  FindingLine,
  findingDetail,
  findingLine,
  ScanSummary,
  scanSummary,
  wasTested,
} from "./views.js";

/** What the person who started the server allows an agent to do. */
export interface McpPolicy {
  /** `--allow-target` rules; empty = every scan refused. */
  allowTargets: readonly AllowRule[];
  /** `--allow-active`: the state-changing tier may be asked for. */
  allowActive: boolean;
  /** `--allow-auth-env`: the environment variables a scan may read credentials from. */
  allowAuthEnv: readonly string[];
  /** Whether `spec` may name a file on this machine (stdio: the agent runs here anyway). */
  allowSpecFiles: boolean;
  /** Scans running at once at most; more are refused as busy. */
  maxConcurrentScans: number;
  /** Where `auth.env` names are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  /** DNS for the consent check (tests pin it). */
  resolve?: Resolver;
}

/** State shared by every connection of one server process (HTTP makes a server per request). */
export interface McpState {
  store: ReportStore;
  running: number;
}

const TOP_FINDINGS = 10;
const DIFF_LIST = 20;
export const REPORT_FORMATS = ["json", "sarif", "markdown", "html", "junit"] as const;
const MEDIA_TYPES: Record<(typeof REPORT_FORMATS)[number], string> = {
  json: "application/json",
  sarif: "application/sarif+json",
  markdown: "text/markdown",
  html: "text/html",
  junit: "application/xml",
};
const KNOWN_ERRORS = new Set(["UsageError", "TargetError", "SpecError"]);
const CREDENTIAL_KINDS = /^(bearer|basic|header|query|cookie):/i;

const EnvRef = z
  .object({
    env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "an environment variable name")
      .describe("name of an environment variable of the MCP server holding the credential (its value is never shown)"),
    header: z
      .string()
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "a header name")
      .optional()
      .describe("send the value in this header (e.g. X-API-Key) instead of Authorization: Bearer"),
  })
  .strict();
type EnvRef = z.infer<typeof EnvRef>;

const scanInput = {
  target: z.string().min(1).max(2048).describe("the API URL to scan, e.g. http://127.0.0.1:8080/api/v1/users"),
  spec: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe("OpenAPI/Swagger spec: a URL on the target's origin (or, over stdio, a local file)"),
  llmTier: ScanRequest.shape.llmTier.unwrap().optional().describe("LLM probe depth when an LLM endpoint is found"),
  budget: z.number().int().min(1).max(5000).optional().describe("most requests the scan may send (default 600)"),
  deadline: z
    .number()
    .int()
    .min(1)
    .max(600)
    .optional()
    .describe("seconds before the scan stops and reports (default 30)"),
  active: z
    .boolean()
    .optional()
    .describe("run the opt-in state-changing probes; refused unless the server was started with --allow-active"),
  only: z.array(z.string().min(1).max(64)).max(100).optional().describe("check ids or categories to run"),
  skip: z.array(z.string().min(1).max(64)).max(100).optional().describe("check ids or categories to leave out"),
  seed: z.number().int().min(0).max(2_147_483_647).optional().describe("same target and seed give the same report"),
  auth: EnvRef.optional().describe("credentials of the first identity, by environment variable name only"),
  auth2: EnvRef.optional().describe("credentials of a second identity, for cross-user (BOLA) checks"),
};

function answer<T extends Record<string, unknown>>(structured: T): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

function refusal(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Runs a handler; a bad request or a refusal becomes a one-line tool error, never a stack. */
async function guarded(run: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const known = err instanceof Error && KNOWN_ERRORS.has(err.name);
    return refusal(known ? message : `internal error: ${message}`);
  }
}

/** An env reference to a credential spec; the value never appears in any message. */
function credentialOf(ref: EnvRef, field: string, policy: McpPolicy): string {
  if (!policy.allowAuthEnv.includes(ref.env))
    throw new UsageError(
      `${field}.env ${ref.env} is not allowed: restart the MCP server with --allow-auth-env ${ref.env} to let scans use it`,
    );
  const value = policy.env[ref.env]?.trim();
  if (!value) throw new UsageError(`${field}.env ${ref.env} is not set (or empty) in the MCP server's environment`);
  if (ref.header) return `header:${ref.header}:${value}`;
  return CREDENTIAL_KINDS.test(value) ? value : `bearer:${value}`;
}

export function createMcpServer(policy: McpPolicy, state: McpState): McpServer {
  const server = new McpServer(
    { name: "rampart", version: VERSION },
    {
      instructions:
        "Rampart scans HTTP APIs and LLM endpoints black-box. Call scan (only targets the user allowed with --allow-target), then list_findings or explain_finding for details and get_report for a full report (sarif, json, markdown, html, junit). Credentials are passed only as environment variable names.",
    },
  );

  server.registerTool(
    "scan",
    {
      title: "Scan an API",
      description:
        "Scan an HTTP API (and any LLM endpoint behind it) for OWASP API/LLM Top 10 issues. Read-only unless active is allowed. Returns score, grade, counts and the top findings with a scanId for get_report, list_findings and diff.",
      inputSchema: scanInput,
      outputSchema: ScanSummary.shape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (args, extra) =>
      guarded(async () => {
        if (args.active && !policy.allowActive)
          throw new UsageError("active probes are refused: restart the MCP server with --allow-active to allow them");
        const input: ScanRequestInput = {
          target: args.target,
          ...(args.spec ? { spec: args.spec } : {}),
          ...(args.llmTier ? { llmTier: args.llmTier } : {}),
          ...(args.budget ? { budget: args.budget } : {}),
          ...(args.deadline ? { deadlineSeconds: args.deadline } : {}),
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          active: Boolean(args.active),
          only: args.only ?? [],
          skip: args.skip ?? [],
        };
        // Validated before consent so a malformed URL gets its own message, then consent, then credentials.
        parseScanRequest(input);
        await checkConsent(parseTargetUrl(args.target), policy.allowTargets, policy.resolve);
        input.auth = args.auth ? [credentialOf(args.auth, "auth", policy)] : [];
        input.auth2 = args.auth2 ? [credentialOf(args.auth2, "auth2", policy)] : [];
        if (state.running >= policy.maxConcurrentScans)
          throw new UsageError(
            `busy: ${state.running} scan(s) already running (at most ${policy.maxConcurrentScans}); try again when one finishes`,
          );
        const progressToken = extra._meta?.progressToken;
        let lastProgress = -1;
        state.running++;
        let report: ScanReport;
        try {
          report = await scanTarget(input, {
            signal: extra.signal,
            allowSpecFiles: policy.allowSpecFiles,
            ...(progressToken !== undefined
              ? {
                  onProgress: (p) => {
                    if (p.checksDone <= lastProgress) return;
                    lastProgress = p.checksDone;
                    extra
                      .sendNotification({
                        method: "notifications/progress",
                        params: {
                          progressToken,
                          progress: p.checksDone,
                          total: p.checksTotal,
                          message: `${p.checksDone}/${p.checksTotal} checks, ${p.requests} requests`,
                        },
                      })
                      .catch(() => undefined);
                  },
                }
              : {}),
          });
        } finally {
          state.running--;
        }
        const scanId = state.store.add(report);
        // Like the CLI's exit code 2: a score for a target nobody could test would mislead.
        if (!wasTested(report))
          return refusal(
            `nothing could be tested${report.partial ? ` (${report.partial.reason})` : ""}; get_report ${scanId} shows each check's reason`,
          );
        return answer(scanSummary(scanId, report, TOP_FINDINGS));
      }),
  );

  server.registerTool(
    "get_report",
    {
      title: "Get a full report",
      description:
        "The whole report of a scan in one format: sarif (2.1.0, for code scanning), json, markdown, html or junit. Large: prefer list_findings for a look.",
      inputSchema: { scanId: z.string().min(1).max(64), format: z.enum(REPORT_FORMATS).default("json") },
      outputSchema: { scanId: z.string(), format: z.enum(REPORT_FORMATS), mediaType: z.string(), bytes: z.number() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const report = state.store.get(args.scanId);
        const text = RENDERERS[args.format].render(report);
        const meta = {
          scanId: args.scanId,
          format: args.format,
          mediaType: MEDIA_TYPES[args.format],
          bytes: Buffer.byteLength(text),
        };
        return { content: [{ type: "text", text }], structuredContent: meta };
      }),
  );

  server.registerTool(
    "list_findings",
    {
      title: "List findings",
      description:
        "The findings of a scan, one compact line each (rule id, severity, operation, message, fingerprint), most severe first; filter by minimum severity, category or rule id.",
      inputSchema: {
        scanId: z.string().min(1).max(64),
        minSeverity: Severity.optional(),
        category: Category.optional(),
        ruleId: z.string().min(1).max(64).optional(),
        limit: z.number().int().min(1).max(200).default(20),
        offset: z.number().int().min(0).default(0),
      },
      outputSchema: {
        scanId: z.string(),
        total: z.number().int(),
        offset: z.number().int(),
        findings: z.array(FindingLine),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const report = state.store.get(args.scanId);
        const matching = report.findings.filter(
          (f) =>
            (!args.minSeverity || atLeast(f.severity, args.minSeverity)) &&
            (!args.category || f.category === args.category) &&
            (!args.ruleId || f.ruleId === args.ruleId),
        );
        return answer({
          scanId: args.scanId,
          total: matching.length,
          offset: args.offset,
          findings: matching.slice(args.offset, args.offset + args.limit).map(findingLine),
        });
      }),
  );

  server.registerTool(
    "explain_finding",
    {
      title: "Explain a rule",
      description:
        "What a rule id means, why it matters (the risk), how to fix it, and references (OWASP, CWE). With scanId and fingerprint (from list_findings), also that finding's redacted evidence and a curl line that reproduces it.",
      inputSchema: {
        ruleId: z.string().min(1).max(64),
        scanId: z.string().min(1).max(64).optional(),
        fingerprint: z.string().min(1).max(128).optional(),
      },
      outputSchema: Explanation.extend({ finding: FindingDetail.optional() }).shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const explanation = explainRule(args.ruleId);
        if (!args.scanId && !args.fingerprint) return answer(explanation);
        if (!args.scanId || !args.fingerprint)
          throw new UsageError("give both scanId and fingerprint to explain one finding (list_findings shows them)");
        const finding = state.store.get(args.scanId).findings.find((f) => f.fingerprint === args.fingerprint);
        if (!finding || finding.ruleId !== args.ruleId)
          throw new UsageError(
            `scan ${args.scanId} has no ${args.ruleId} finding with fingerprint ${args.fingerprint}`,
          );
        return answer({ ...explanation, finding: findingDetail(finding) });
      }),
  );

  server.registerTool(
    "list_checks",
    {
      title: "List checks",
      description: "Every check Rampart runs: id, severity, category, title. Filter by category.",
      inputSchema: { category: Category.optional() },
      outputSchema: {
        count: z.number().int(),
        categories: z.array(z.string()),
        checks: z.array(
          z.object({
            id: z.string(),
            severity: Severity,
            category: Category,
            title: z.string(),
            optIn: z.string().optional(),
          }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const checks = checkMetas()
          .filter((m) => !args.category || m.category === args.category)
          .map((m) => ({
            id: m.id,
            severity: m.severity,
            category: m.category,
            title: m.title,
            ...(m.optIn ? { optIn: m.optIn } : {}),
          }));
        return answer({ count: checks.length, categories: [...CATEGORIES], checks });
      }),
  );

  server.registerTool(
    "diff",
    {
      title: "Compare two scans",
      description:
        "New, fixed and unchanged findings between two scans of this server (matched by fingerprint) and the score drift.",
      inputSchema: {
        base: z.string().min(1).max(64).describe("scanId of the earlier scan"),
        head: z.string().min(1).max(64).describe("scanId of the later scan"),
      },
      outputSchema: DiffSummary.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const [before, after] = [state.store.get(args.base), state.store.get(args.head)];
        return answer(diffSummary(args, before, after, diffReports(before, after), DIFF_LIST));
      }),
  );

  return server;
}
