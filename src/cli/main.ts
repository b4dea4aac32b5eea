import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { VERSION } from "../engine/version.js";
import { EXIT, gateFailure, nothingTested, parseFailOn } from "./gate.js";
import { loadLayers, UsageError } from "./layers.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

export function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseHeader(h: string): [string, string] {
  const i = h.indexOf(":");
  if (i <= 0) throw new UsageError(`--header takes "Name: value", not ${JSON.stringify(h)}`);
  const name = h.slice(0, i).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`invalid header name ${JSON.stringify(name)}`);
  return [name, h.slice(i + 1).trim()];
}

async function buildProgram(io: Io, setExit: (code: number) => void, argv: readonly string[]): Promise<Command> {
  const program = new Command("rampart")
    .description("Security scanner for HTTP APIs and LLM endpoints")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const scan = program
    .command("scan")
    .description("scan an API (exit 0: gate passed, 1: gate failed, 2: could not scan)")
    .argument("[url]", "the API URL, e.g. http://127.0.0.1:8080/api/v1/users (or `target:` in .rampart.yaml)")
    .option("-H, --header <header>", "header sent with every request, 'Name: value' (repeatable)", collect, [])
    .option("-f, --format <formats>", "comma list of output formats", "summary")
    .option("-o, --output <file>", "write the report to a file instead of stdout (one format)")
    .option("--output-dir <dir>", "write one file per format into this folder")
    .option(
      "--seed <n>",
      "seed for every random value (same target + seed = same report)",
      intArg("--seed", 0, 2 ** 31 - 1),
      1,
    )
    .option("--budget <requests>", "most requests the scan may send", intArg("--budget", 1, 100_000), 300)
    .option("--deadline <seconds>", "stop and report after this many seconds", intArg("--deadline", 1, 3600), 30)
    .option("--timeout <ms>", "per-request timeout", intArg("--timeout", 100, 120_000), 5000)
    .option("--concurrency <n>", "requests in flight at once", intArg("--concurrency", 1, 64), 8)
    .option("--rps <n>", "requests per second at most (0 = no cap)", intArg("--rps", 0, 10_000), 0)
    .option("--only <ids>", "comma list of check ids or categories to run")
    .option("--skip <ids>", "comma list of check ids or categories to leave out")
    .addOption(
      new Option("--fail-on <severity>", "fail the gate on findings at or above this severity").default("high"),
    )
    .option("--min-score <n>", "fail the gate when the score is below this", intArg("--min-score", 0, 100))
    .option("-q, --quiet", "no progress output");

  // The layers pull in parsers and the check registry; only `scan` needs them, so `rampart --help` stays fast.
  const layers = argv.includes("scan") ? await loadLayers() : [];
  for (const layer of layers) layer.register(scan);

  scan.action(async (url: string | undefined, opts: Record<string, unknown>) => {
    setExit(await runScanCommand(url ?? "", opts, layers, io));
  });

  program
    .command("checks")
    .description("list every check and its metadata")
    .option("--json", "as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { CHECKS } = await import("../checks/index.js");
      if (opts.json)
        io.stdout(
          `${JSON.stringify(
            CHECKS.map((c) => c.meta),
            null,
            2,
          )}\n`,
        );
      else
        for (const c of CHECKS)
          io.stdout(
            `${c.meta.id.padEnd(34)} ${c.meta.severity.padEnd(8)} ${c.meta.category.padEnd(22)} ${c.meta.owasp.join(",").padEnd(12)} ${c.meta.title}\n`,
          );
    });
  for (const command of [
    await import("./report.js"),
    await import("./diff.js"),
    await import("./baseline.js"),
    await import("./replay.js"),
    await import("./serve.js"),
  ])
    command.registerCommand(program, io, setExit);
  return program;
}

async function runScanCommand(
  url: string,
  opts: Record<string, unknown>,
  layers: Awaited<ReturnType<typeof loadLayers>>,
  io: Io,
): Promise<number> {
  const { runScan } = await import("../engine/scan.js");
  const { selectChecks } = await import("../checks/select.js");
  const { formatNames } = await import("../report/index.js");
  const { parseFormats, checkOutputTarget, writeOutputs } = await import("./report.js");
  const { gateView } = await import("./baseline.js");
  const formats = parseFormats(String(opts.format), formatNames());
  const outputTarget = { output: opts.output as string | undefined, outputDir: opts.outputDir as string | undefined };
  checkOutputTarget(formats, outputTarget);
  let failOn: ReturnType<typeof parseFailOn>;
  try {
    failOn = parseFailOn(String(opts.failOn));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const headers = Object.fromEntries((opts.header as string[]).map(parseHeader));
  const config: Parameters<typeof runScan>[0] = {
    url,
    checks: selectChecks(opts.only as string | undefined, opts.skip as string | undefined),
    headers,
    seed: opts.seed as number,
    limits: {
      budget: opts.budget as number,
      deadlineMs: (opts.deadline as number) * 1000,
      timeoutMs: opts.timeout as number,
      concurrency: opts.concurrency as number,
      rps: opts.rps as number,
    },
    onProgress:
      io.isTTY && !opts.quiet
        ? (p) => io.stderr(`\r\u001b[2Kchecks ${p.checksDone}/${p.checksTotal} · ${p.requests} requests`)
        : undefined,
  };
  for (const layer of layers) if ((await layer.apply(opts, config)) === "done") return EXIT.passed;
  if (!config.url) throw new UsageError("give the API URL to scan (or `target:` in .rampart.yaml)");
  let report = await runScan(config);
  if (io.isTTY && !opts.quiet) io.stderr("\r\u001b[2K");
  for (const layer of layers) report = layer.finish?.(report, opts, (m) => io.stderr(`rampart: ${m}\n`)) ?? report;

  await writeOutputs(report, formats, outputTarget, io);
  if (nothingTested(report)) {
    io.stderr("rampart: nothing could be tested (see coverage for each check's reason)\n");
    return EXIT.couldNotScan;
  }
  const failure = gateFailure(gateView(report), { failOn, minScore: opts.minScore as number | undefined });
  if (failure && !opts.quiet) io.stderr(`rampart: gate failed: ${failure}\n`);
  return failure ? EXIT.gateFailed : EXIT.passed;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.passed;
  try {
    const program = await buildProgram(
      io,
      (c) => {
        code = c;
      },
      argv,
    );
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? EXIT.passed : EXIT.couldNotScan;
    }
    const name = err instanceof Error ? err.name : "";
    const message = err instanceof Error ? err.message : String(err);
    if (["TargetError", "UsageError", "SpecError"].includes(name)) io.stderr(`rampart: error: ${message}\n`);
    else {
      io.stderr(`rampart: internal error: ${message}\n`);
      if (process.env.RAMPART_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
    }
    return EXIT.couldNotScan;
  }
}
