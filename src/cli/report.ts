/**
 * `rampart report <scan.json> --format ...`: renders a saved scan in any format, and the
 * helpers every command that reads or writes reports shares (read and validate a report,
 * parse `--format`, write to stdout, a file or one file per format).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { ScanReport } from "../engine/finding.js";
import { UsageError } from "./layers.js";
import type { Io } from "./main.js";

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

/** Checks the output options before any work is done, so a bad combination costs no scan. */
export function checkOutputTarget(formats: readonly string[], target: OutputTarget): void {
  if (target.output && target.outputDir) throw new UsageError("use either --output or --output-dir");
  if (target.output && formats.length > 1)
    throw new UsageError("--output takes one format; use --output-dir for several");
}

/** Writes each format: one file per format in `outputDir`, or one format to `output` or stdout. Returns the files written. */
export async function writeOutputs(
  report: ScanReport,
  formats: readonly string[],
  target: OutputTarget,
  io: Pick<Io, "stdout">,
): Promise<string[]> {
  const { RENDERERS } = await import("../report/index.js");
  const { renderSummary } = await import("../report/summary.js");
  if (target.outputDir) {
    mkdirSync(target.outputDir, { recursive: true });
    return formats.map((f) => {
      const file = path.join(target.outputDir!, `rampart.${RENDERERS[f].extension}`);
      writeFileSync(file, RENDERERS[f].render(report));
      return file;
    });
  }
  if (target.output) {
    writeFileSync(target.output, RENDERERS[formats[0]].render(report));
    return [target.output];
  }
  io.stdout(formats[0] === "summary" ? renderSummary(report, wantsColour()) : RENDERERS[formats[0]].render(report));
  return [];
}

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR turns it on anywhere. */
function wantsColour(): boolean {
  if ("NO_COLOR" in process.env) return false;
  return "FORCE_COLOR" in process.env || Boolean(process.stdout.isTTY);
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("report")
    .description("render a saved JSON scan report in other formats (exit 2 when the file is not a scan report)")
    .argument("<scan.json>", "a report written by `rampart scan --format json`")
    .option("-f, --format <formats>", "comma list of output formats", "summary")
    .option("-o, --output <file>", "write to a file instead of stdout (one format)")
    .option("--output-dir <dir>", "write one file per format into this folder")
    .action(async (file: string, opts: { format: string; output?: string; outputDir?: string }) => {
      const { formatNames } = await import("../report/index.js");
      const formats = parseFormats(opts.format, formatNames());
      checkOutputTarget(formats, opts);
      await writeOutputs(await readReport(file), formats, opts, io);
      setExit(0);
    });
}
