/**
 * The GitHub Action's entry point (action.yml installs the packed CLI and runs this, compiled, with node). It runs `rampart scan` with
 * the action's inputs, writes the Markdown report to the job summary, turns findings into
 * annotations (critical and high as errors, medium as warnings), leaves SARIF for
 * github/codeql-action/upload-sarif, sets step outputs, and exits with the CLI's code (0/1/2/64).
 *
 * Inputs arrive as INPUT_* environment variables (set by action.yml): INPUT_URL, INPUT_SPEC,
 * INPUT_AUTH (one credential spec per line, from secrets), INPUT_FAIL_ON, INPUT_MIN_SCORE,
 * INPUT_FORMATS, INPUT_OUTPUT_DIR, INPUT_CONFIG, INPUT_BASELINE.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, ScanReport } from "../engine/finding.js";
import type { Io } from "./io.js";
import { main } from "./main.js";

/** Formats the action always needs, whatever `formats` says: annotations, job summary, code scanning. */
const REQUIRED_FORMATS = ["json", "markdown", "sarif"];
/** GitHub shows only the first annotations of a step; more would only flood the log. */
const MAX_ANNOTATIONS = 50;

type Env = Record<string, string | undefined>;

function input(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`]?.trim();
  return value ? value : undefined;
}

/** Escaping of workflow commands: data escapes %, CR, LF; property values also ':' and ','. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function annotationOf(f: Finding): string | undefined {
  const command =
    f.severity === "critical" || f.severity === "high" ? "error" : f.severity === "medium" ? "warning" : undefined;
  if (!command) return undefined;
  const title = `${f.severity}: ${f.title}`;
  const text = `${f.operation.method} ${f.operation.path}: ${f.message} [${f.ruleId} ${f.fingerprint}]`;
  return `::${command} title=${escapeProperty(title)}::${escapeData(text)}`;
}

export function scanArguments(env: Env, outputDir: string): string[] {
  const formats = [
    ...new Set([...REQUIRED_FORMATS, ...(input(env, "formats") ?? "").split(",").map((f) => f.trim())]),
  ].filter(Boolean);
  const url = input(env, "url");
  const args = ["scan", ...(url ? [url] : []), "--format", formats.join(","), "--output-dir", outputDir];
  args.push("--fail-on", input(env, "fail-on") ?? "high");
  const minScore = input(env, "min-score");
  if (minScore) args.push("--min-score", minScore);
  const spec = input(env, "spec");
  if (spec) args.push("--spec", spec);
  const config = input(env, "config");
  if (config) args.push("--config", config);
  const baseline = input(env, "baseline");
  if (baseline) args.push("--baseline", baseline);
  for (const auth of (input(env, "auth") ?? "").split(/\r?\n/).map((a) => a.trim()))
    if (auth) args.push("--auth", auth);
  return args;
}

/** Runs the action; returns the exit code. `io` receives the log (workflow commands go to stdout). */
export async function runAction(env: Env, io: Io): Promise<number> {
  const outputDir = path.resolve(env.GITHUB_WORKSPACE ?? ".", input(env, "output-dir") ?? "rampart-report");
  const code = await main(scanArguments(env, outputDir), io);
  const jsonFile = path.join(outputDir, "rampart.json");
  const summary = env.GITHUB_STEP_SUMMARY;
  const outputs: Record<string, string> = { "exit-code": String(code), "report-dir": outputDir };

  if (existsSync(jsonFile)) {
    const report = JSON.parse(readFileSync(jsonFile, "utf8")) as ScanReport;
    if (summary) appendFileSync(summary, readFileSync(path.join(outputDir, "rampart.md"), "utf8"));
    const annotations = report.findings.map(annotationOf).filter((a): a is string => a !== undefined);
    for (const line of annotations.slice(0, MAX_ANNOTATIONS)) io.stdout(`${line}\n`);
    if (annotations.length > MAX_ANNOTATIONS)
      io.stdout(`::notice::${annotations.length - MAX_ANNOTATIONS} more findings are in the SARIF and HTML reports\n`);
    Object.assign(outputs, {
      score: String(report.score),
      grade: report.grade,
      findings: String(report.findings.length),
      sarif: path.join(outputDir, "rampart.sarif"),
    });
  } else {
    const reason = "Rampart could not scan the target (see the step log for the reason).";
    io.stdout(`::error title=Rampart::${escapeData(reason)}\n`);
    if (summary) appendFileSync(summary, `## Rampart\n\n${reason}\n`);
  }
  if (env.GITHUB_OUTPUT)
    appendFileSync(
      env.GITHUB_OUTPUT,
      Object.entries(outputs)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
    );
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runAction(process.env, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: false,
  });
}
