/**
 * `rampart report <scan.json> --format ...`: renders a saved scan in any format, and the
 * helpers every command that reads or writes reports shares (read and validate a report,
 * parse `--format`, write to stdout, a file or one file per format).
 */
import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { ScanReport } from "../engine/finding.js";
import type { RenderOptions } from "../report/docs-links.js";
import type { Io } from "./io.js";
import { UsageError } from "./io.js";

/** Reads a JSON scan report and checks it against the report schema; any problem is a usage error (exit 2). */
export async function readReport(file: string): Promise<ScanReport> {
  const { ScanReport } = await import("../engine/finding.js");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new UsageError(`cannot read the scan report ${file}: ${why}`);
  }
  const parsed = ScanReport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${file} is not a Rampart scan report (rampart scan --format json): ${issue.path.join(".") || "(top)"}: ${issue.message}`,
    );
  }
  // The file as written, not zod's copy: that one reorders keys and drops any it does not know.
  return raw as ScanReport;
}

export function parseFormats(list: string, known: readonly string[]): string[] {
  const formats = list
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (formats.length === 0) throw new UsageError("--format needs at least one format");
  for (const f of formats)
    if (!known.includes(f)) throw new UsageError(`unknown format ${JSON.stringify(f)} (one of ${known.join(", ")})`);
  return formats;
}

export interface OutputTarget {
  output?: string;
  outputDir?: string;
}

/** `--docs-url` (or RAMPART_DOCS_URL): an http(s) URL, checked before any work. */
export function renderOptionsOf(docsUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): RenderOptions {
  const url = docsUrl ?? env.RAMPART_DOCS_URL;
  if (url === undefined || url === "") return {};
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol))
    throw new UsageError(`--docs-url takes an http(s) URL of the rule docs page, not ${JSON.stringify(url)}`);
  return { docsUrl: url };
}

/** `--output -` is stdout, as it is for most tools. */
function outputFile(target: OutputTarget): string | undefined {
  return target.output === "-" ? undefined : target.output;
}

function usage(flag: string, where: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such folder"
      : code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? "not writable"
        : code === "ENOTDIR"
          ? "a file is in the way"
          : ((err as Error).message ?? String(err));
  return new UsageError(`${flag} ${where}: ${why}`);
}

/** Proves a folder takes new files by creating (and removing) one: permission bits lie for root and on /proc. */
function probeWritable(dir: string, flag: string, shown: string): void {
  const probe = path.join(dir, `.rampart-write-test-${process.pid}`);
  try {
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (err) {
    throw usage(flag, shown, err);
  }
}

/** Creates the missing levels of `dir` one at a time (a recursive mkdir spins on /proc). */
function makeFolder(dir: string, flag: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (!statSync(at).isDirectory()) throw new UsageError(`${flag} ${dir}: ${at} is a file, not a folder`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (err) {
      throw usage(flag, dir, err);
    }
  }
}

/**
 * Checks the output options before any work is done, so a bad combination or an unwritable
 * place costs no scan: a usage error (exit 64), never an error after the scan.
 */
export function checkOutputTarget(formats: readonly string[], target: OutputTarget): void {
  if (target.output && target.outputDir) throw new UsageError("use either --output or --output-dir");
  const file = outputFile(target);
  if (!target.outputDir && formats.length > 1)
    throw new UsageError(
      file
        ? `--output takes one format, not ${formats.length} (${formats.join(", ")}); use --output-dir DIR for one file per format`
        : `${formats.length} formats (${formats.join(", ")}) cannot all go to stdout; use --output-dir DIR for one file per format, or one --format`,
    );
  if (file) {
    if (existsSync(file) && statSync(file).isDirectory())
      throw new UsageError(`--output ${file} is a folder; give a file name (or use --output-dir)`);
    const dir = path.dirname(path.resolve(file));
    if (!existsSync(dir)) throw new UsageError(`--output ${file}: no such folder ${dir}`);
    probeWritable(dir, "--output", file);
  }
  if (target.outputDir) {
    makeFolder(target.outputDir, "--output-dir");
    probeWritable(target.outputDir, "--output-dir", target.outputDir);
  }
}

/** Writes each format: one file per format in `outputDir`, or one format to `output` or stdout. Returns the files written. */
export async function writeOutputs(
  report: ScanReport,
  formats: readonly string[],
  target: OutputTarget,
  io: Pick<Io, "stdout">,
  options: RenderOptions = {},
  colour = wantsColour(),
): Promise<string[]> {
  const { RENDERERS } = await import("../report/index.js");
  const { renderSummary } = await import("../report/summary.js");
  if (target.outputDir) {
    makeFolder(target.outputDir, "--output-dir");
    return formats.map((f) => {
      const file = path.join(target.outputDir!, `rampart.${RENDERERS[f].extension}`);
      writeFileSync(file, RENDERERS[f].render(report, options));
      return file;
    });
  }
  const file = outputFile(target);
  if (file) {
    writeFileSync(file, RENDERERS[formats[0]].render(report, options));
    return [file];
  }
  io.stdout(formats[0] === "summary" ? renderSummary(report, colour) : RENDERERS[formats[0]].render(report, options));
  return [];
}

/**
 * Colour per the usual conventions: NO_COLOR (non-empty) turns it off, FORCE_COLOR (not "0")
 * turns it on anywhere, TERM=dumb turns it off; otherwise only on a terminal.
 */
export function wantsColour(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("report")
    .description("render a saved JSON scan report in other formats (exit 2 when the file is not a scan report)")
    .argument("<scan.json>", "a report written by `rampart scan --format json`")
    .option("-f, --format <formats>", "comma list of output formats", "summary")
    .option("-o, --output <file>", "write to a file instead of stdout (one format; - is stdout)")
    .option("--output-dir <dir>", "write one file per format into this folder")
    .option("--docs-url <url>", "base URL of the rule docs that findings link to")
    .action(async (file: string, opts: { format: string; output?: string; outputDir?: string; docsUrl?: string }) => {
      const { formatNames } = await import("../report/index.js");
      const formats = parseFormats(opts.format, formatNames());
      const options = renderOptionsOf(opts.docsUrl);
      checkOutputTarget(formats, opts);
      await writeOutputs(await readReport(file), formats, opts, io, options);
      setExit(0);
    });
}
