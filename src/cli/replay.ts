/**
 * `rampart replay <scan.json> <fingerprint-or-index>`: sends a finding's minimal request again
 * and says whether its evidence still shows. The request is rebuilt from the finding's own
 * curl line (the engine writes it, credentials as placeholders) and goes through the engine's
 * HttpClient, so the scope lock, the method allowlist (POST only for checks that declare it),
 * timeouts and redaction are those of a scan. Credentials come back only from `-H`.
 * Exit 0: no longer reproduces; 1: still reproduces; 2: could not replay.
 */
import type { Command } from "commander";
import type { Finding, ScanReport } from "../engine/finding.js";
import type { Exchange } from "../engine/http.js";
import { EXIT } from "./gate.js";
import { type Io, parseHeader, UsageError } from "./io.js";
import { readReport } from "./report.js";

export interface ReplayRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Shell words of a command line written with single quotes (the only quoting `toCurl` uses). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UsageError("the finding's reproduce line has an unclosed quote");
      current = (current ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\" && i + 1 < line.length) {
      current = (current ?? "") + line[++i];
    } else if (/\s/.test(c)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else current = (current ?? "") + c;
  }
  if (current !== undefined) words.push(current);
  return words;
}

const PLACEHOLDER = /^<[A-Z0-9-]+>$/;
const OMITTED_BODY = /^<\d+-byte body omitted>$/;

/** The request a finding's `reproduce` line sends; credential placeholders are left out. */
export function requestFromCurl(reproduce: string): ReplayRequest {
  const words = shellWords(reproduce);
  if (words[0] !== "curl") throw new UsageError("the finding's reproduce line is not a curl command");
  const request: ReplayRequest = { method: "GET", url: "", headers: {} };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === "-sS" || w === "-i") continue;
    if (w === "-I") request.method = "HEAD";
    else if (w === "-X") request.method = words[++i].toUpperCase();
    else if (w === "-H") {
      const header = words[++i];
      const colon = header.indexOf(":");
      const name = header.slice(0, colon).trim().toLowerCase();
      const value = header.slice(colon + 1).trim();
      if (colon > 0 && !PLACEHOLDER.test(value)) request.headers[name] = value;
    } else if (w === "--data-binary") {
      const body = words[++i];
      if (OMITTED_BODY.test(body))
        throw new UsageError("the finding's request body was too large to keep: it cannot be replayed");
      request.body = body;
    } else if (!request.url && /^https?:\/\//.test(w)) request.url = w;
    else throw new UsageError(`the finding's reproduce line has an unexpected word ${JSON.stringify(w.slice(0, 40))}`);
  }
  if (!request.url) throw new UsageError("the finding's reproduce line has no URL");
  return request;
}

/** A finding by fingerprint (or a unique prefix of at least 6 characters) or by its 1-based position. */
export function selectFinding(report: ScanReport, ref: string): Finding {
  if (/^\d+$/.test(ref) && ref.length < 6) {
    const f = report.findings[Number(ref) - 1];
    if (!f) throw new UsageError(`the report has ${report.findings.length} findings; there is no #${ref}`);
    return f;
  }
  const hits = report.findings.filter(
    (f) => f.fingerprint === ref || (ref.length >= 6 && f.fingerprint.startsWith(ref)),
  );
  if (hits.length === 1) return hits[0];
  throw new UsageError(
    hits.length === 0
      ? `no finding with fingerprint ${ref}`
      : `${hits.length} findings start with ${ref}: give more characters`,
  );
}

export interface EvidenceCheck {
  what: string;
  ok: boolean;
  /** False when the evidence was redacted or clipped and so can only be checked loosely. */
  exact: boolean;
}

/** Whether the new response shows the finding's evidence again: same status, same headers, same excerpt. */
export function compareEvidence(f: Finding, x: Pick<Exchange, "status" | "headers" | "body">): EvidenceCheck[] {
  const checks: EvidenceCheck[] = [];
  const e = f.evidence;
  if (e.status !== undefined)
    checks.push({ what: `status ${e.status} (now ${x.status})`, ok: x.status === e.status, exact: true });
  for (const [name, value] of Object.entries(e.responseHeaders ?? {})) {
    const now = x.headers[name.toLowerCase()];
    const loose = value.includes("[redacted");
    checks.push({
      what:
        now === undefined
          ? `header ${name} (now absent)`
          : `header ${name}${now === value || loose ? "" : " (value changed)"}`,
      ok: now !== undefined,
      exact: !loose,
    });
  }
  if (e.excerpt) {
    const clipped = e.excerpt.includes("[redacted") || e.excerpt.includes("…");
    const body = x.body.toString("utf8");
    const probe = clipped ? (e.excerpt.split(/…|\[redacted/)[0] ?? "") : e.excerpt;
    checks.push({ what: "response excerpt", ok: probe.length === 0 || body.includes(probe), exact: !clipped });
  }
  return checks;
}

export interface ReplayResult {
  fingerprint: string;
  ruleId: string;
  request: string;
  status: number;
  reproduced: boolean;
  checks: EvidenceCheck[];
}

export async function replayFinding(
  report: ScanReport,
  finding: Finding,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ReplayResult> {
  const [{ HttpClient, DEFAULT_LIMITS }, { CHECKS }] = await Promise.all([
    import("../engine/http.js"),
    import("../checks/index.js"),
  ]);
  const request = requestFromCurl(finding.reproduce);
  const origin = new URL(report.target).origin;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const client = new HttpClient(
    origin,
    { ...DEFAULT_LIMITS, budget: 3, timeoutMs, deadlineAt: Date.now() + timeoutMs * 3 },
    opts.headers && Object.keys(opts.headers).length > 0 ? { primary: { headers: opts.headers, query: {} } } : {},
  );
  // The same allowlist as the scan: POST only when the check that made the finding declares it.
  const methods = CHECKS.find((c) => c.meta.id === finding.ruleId)?.meta.methods ?? [];
  try {
    const x = await client.forCheck("replay", 1, methods).request({ ...request, retryOnRateLimit: false });
    const checks = compareEvidence(finding, x);
    const target = new URL(x.request.url);
    return {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      request: `${x.request.method} ${target.pathname}${target.search}`,
      status: x.status,
      reproduced: checks.length > 0 && checks.every((c) => c.ok),
      checks,
    };
  } finally {
    await client.close();
  }
}

function renderResult(r: ReplayResult, f: Finding): string {
  const lines = [
    `Replayed ${r.fingerprint} ${r.ruleId} (${f.severity}) on ${f.operation.method} ${f.operation.path}`,
    `> ${r.request}`,
    `< ${r.status}`,
    ...r.checks.map(
      (c) => `  ${c.ok ? "✓" : "✗"} ${c.what}${c.exact ? "" : " (evidence was redacted or clipped: compared loosely)"}`,
    ),
    r.reproduced
      ? "The evidence reproduces: the finding is still there."
      : r.checks.length === 0
        ? "The finding records no status, header or excerpt to compare: cannot tell."
        : "The evidence does not reproduce.",
  ];
  return `${lines.join("\n")}\n`;
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("replay")
    .description(
      "re-send a finding's request and say whether its evidence still shows (exit 1: still there, 0: gone, 2: could not replay)",
    )
    .argument("<scan.json>", "a report written by `rampart scan --format json`")
    .argument("<finding>", "the finding's fingerprint (or a unique prefix) or its position in the report, from 1")
    .option(
      "-H, --header <header>",
      "header to send, e.g. the credentials the report left out (repeatable)",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option("-f, --format <format>", "text or json", "text")
    .option("--timeout <ms>", "request timeout", (v: string) => Number(v), 5000)
    .action(async (file: string, ref: string, opts: { header: string[]; format: string; timeout: number }) => {
      if (opts.format !== "text" && opts.format !== "json")
        throw new UsageError(`replay --format takes text or json, not ${JSON.stringify(opts.format)}`);
      if (!Number.isInteger(opts.timeout) || opts.timeout < 100)
        throw new UsageError("--timeout takes milliseconds, at least 100");
      const report = await readReport(file);
      const finding = selectFinding(report, ref);
      const headers = Object.fromEntries(opts.header.map(parseHeader).map(([k, v]) => [k.toLowerCase(), v]));
      let result: ReplayResult;
      try {
        result = await replayFinding(report, finding, { headers, timeoutMs: opts.timeout });
      } catch (err) {
        const { HttpError } = await import("../engine/http.js");
        if (err instanceof HttpError) {
          io.stderr(`rampart: could not replay ${finding.fingerprint}: ${err.message}\n`);
          setExit(EXIT.couldNotScan);
          return;
        }
        throw err;
      }
      const { redactValues } = await import("../detect/redact.js");
      const out = opts.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : renderResult(result, finding);
      io.stdout(redactValues(out, Object.values(headers)));
      setExit(result.reproduced ? EXIT.gateFailed : EXIT.passed);
    });
}
