import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULT_LIMITS } from "../engine/http.js";
import { SEVERITIES } from "../engine/severity.js";
import { VERSION } from "../engine/version.js";
import { EXIT, gateFailure, nothingTested, nothingTestedCause, parseFailOn } from "./gate.js";
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

/** After Ctrl-C or SIGTERM, requests in flight get this long to finish before they are cut. */
const INTERRUPT_GRACE_MS = 1500;

/** Help headings of each layer's options in `rampart scan --help`. */
const LAYER_GROUPS: Record<string, string> = {
  config: "Configuration:",
  auth: "Credentials and probes:",
  exposure: "Credentials and probes:",
  openapi: "OpenAPI:",
  baseline: "Gate:",
  llm: "LLM endpoints:",
};

const SCAN_EXAMPLES = `
Examples:
  rampart scan http://127.0.0.1:8080/api/v1/users
  rampart scan https://api.example.com --spec openapi.yaml --auth bearer:$TOKEN
  rampart scan $URL --format json,sarif,html --output-dir rampart-report --fail-on medium
  rampart scan $URL --format json --output - | jq .score

Exit codes: 0 gate passed, 1 gate failed (findings, score, or an incomplete scan),
  2 could not scan (nothing answered or nothing ran), 64 usage error,
  130/143 interrupted (SIGINT/SIGTERM; the partial report is still written).`;

async function buildProgram(io: Io, setExit: (code: number) => void, argv: readonly string[]): Promise<Command> {
  const program = new Command("rampart")
    .description("Security scanner for HTTP APIs and LLM endpoints")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const isScan = argv.includes("scan");
  // The report index pulls in the check registry; only `scan` needs it, so `rampart --help` stays fast.
  const formats = isScan ? (await import("../report/index.js")).formatNames() : [];
  const scan = program
    .command("scan")
    .description("scan an API (exit 0: gate passed, 1: gate failed, 2: could not scan, 64: usage error)")
    .argument("[url]", "the API URL, e.g. http://127.0.0.1:8080/api/v1/users (or `target:` in .rampart.yaml)")
    .optionsGroup("Output:")
    .option("-f, --format <formats>", `comma list of output formats: ${formats.join(", ")}`, "summary")
    .option("-o, --output <file>", "write the report to a file instead of stdout (one format; - is stdout)")
    .option("--output-dir <dir>", "write one file per format into this folder (rampart.<ext>)")
    .option(
      "--docs-url <url>",
      "base URL of the rule docs page findings link to, <url>#<ruleId> (default: RAMPART_DOCS_URL or the published docs/checks.md)",
    )
    .option("-q, --quiet", "no progress output (the gate result is still printed)")
    .option("-v, --verbose", "log every request line to stderr")
    .optionsGroup("Gate:")
    .addOption(
      new Option("--fail-on <severity>", "fail the gate on findings at or above this severity")
        .choices([...SEVERITIES, "none"])
        .default("high"),
    )
    .option("--min-score <n>", "fail the gate when the score is below this", intArg("--min-score", 0, 100))
    .option("--allow-partial", "let an incomplete scan (deadline, budget, most checks untested) pass the gate")
    .optionsGroup("Selection:")
    .option("--only <ids>", "comma list of check ids or categories to run")
    .option("--skip <ids>", "comma list of check ids or categories to leave out")
    .optionsGroup("Limits:")
    .option(
      "--budget <requests>",
      "most requests the scan may send",
      intArg("--budget", 1, 100_000),
      DEFAULT_LIMITS.budget,
    )
    .option("--deadline <seconds>", "stop and report after this many seconds", intArg("--deadline", 1, 3600), 30)
    .option("--timeout <ms>", "per-request timeout", intArg("--timeout", 100, 120_000), 5000)
    .option("--concurrency <n>", "requests in flight at once", intArg("--concurrency", 1, 64), 8)
    .option("--rps <n>", "requests per second at most (0 = no cap)", intArg("--rps", 0, 10_000), 0)
    .option(
      "--seed <n>",
      "seed for every random value (same target + seed = same report)",
      intArg("--seed", 0, 2 ** 31 - 1),
      1,
    )
    .optionsGroup("Network:")
    .option("-H, --header <header>", "header sent with every request, 'Name: value' (repeatable)", collect, [])
    .option(
      "--proxy <url>",
      "send every request through this HTTP(S) proxy (default: HTTPS_PROXY/HTTP_PROXY, NO_PROXY)",
    )
    .option("--tls-ca <file>", "PEM bundle of extra trusted CAs (the chain is then verified)")
    .option("--tls-cert <file>", "PEM client certificate, for APIs that ask for mutual TLS (with --tls-key)")
    .option("--tls-key <file>", "PEM private key of --tls-cert");
  if (isScan)
    scan.addHelpText(
      "after",
      `${SCAN_EXAMPLES}

Severities: ${SEVERITIES.join(", ")}
`,
    );

  const layers = isScan ? await loadLayers() : [];
  for (const layer of layers) {
    scan.optionsGroup(LAYER_GROUPS[layer.name] ?? "Other:");
    layer.register(scan);
  }

  scan.action(async (url: string | undefined, _opts: Record<string, unknown>, cmd: Command) => {
    setExit(await runScanCommand(url ?? "", cmd, layers, io));
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
        for (const c of CHECKS) {
          io.stdout(
            `${c.meta.id.padEnd(34)} ${c.meta.severity.padEnd(8)} ${c.meta.category.padEnd(22)} ${c.meta.owasp.join(",").padEnd(12)} ${c.meta.title}\n`,
          );
          if (c.meta.subRules)
            io.stdout(`${"".padEnd(34)} sub-rules: ${c.meta.subRules.map((s) => s.id).join(", ")}\n`);
        }
    });
  for (const command of [
    await import("./report.js"),
    await import("./diff.js"),
    await import("./baseline.js"),
    await import("./replay.js"),
    await import("./mcp.js"),
    await import("./guard.js"),
    await import("./serve.js"),
  ])
    command.registerCommand(program, io, setExit);
  return program;
}

async function runScanCommand(
  url: string,
  cmd: Command,
  layers: Awaited<ReturnType<typeof loadLayers>>,
  io: Io,
): Promise<number> {
  const { runScan } = await import("../engine/scan.js");
  const { selectChecks } = await import("../checks/select.js");
  const { formatNames } = await import("../report/index.js");
  const { parseFormats, checkOutputTarget, renderOptionsOf, writeOutputs } = await import("./report.js");
  const { gateView } = await import("./baseline.js");
  const { watchInterrupts, exitCodeOf } = await import("./interrupt.js");
  // Layers may fill options from a config file before anything reads them (flags still win).
  for (const layer of layers) await layer.configure?.(cmd);
  const opts = cmd.opts();
  const formats = parseFormats(String(opts.format), formatNames());
  const outputTarget = { output: opts.output as string | undefined, outputDir: opts.outputDir as string | undefined };
  const renderOptions = renderOptionsOf(opts.docsUrl as string | undefined);
  checkOutputTarget(formats, outputTarget);
  let failOn: ReturnType<typeof parseFailOn>;
  try {
    failOn = parseFailOn(String(opts.failOn));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const headers = Object.fromEntries((opts.header as string[]).map(parseHeader));
  const progress = io.isTTY && !opts.quiet && process.env.TERM !== "dumb";
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
    transport: {
      proxy: opts.proxy as string | undefined,
      caFile: opts.tlsCa as string | undefined,
      certFile: opts.tlsCert as string | undefined,
      keyFile: opts.tlsKey as string | undefined,
      env: process.env,
    },
    onProgress: progress
      ? (p) => io.stderr(`\r\u001b[2Kchecks ${p.checksDone}/${p.checksTotal} · ${p.requests} requests`)
      : undefined,
    onRequest: opts.verbose ? (line) => io.stderr(`${progress ? "\r\u001b[2K" : ""}rampart: ${line}\n`) : undefined,
  };
  for (const layer of layers) if ((await layer.apply(opts, config)) === "done") return EXIT.passed;
  if (!config.url) throw new UsageError("give the API URL to scan (or `target:` in .rampart.yaml)");
  const { resolveTransport } = await import("../engine/transport.js");
  const transport = resolveTransport(config.transport ?? {}, process.env);
  // The certificate check trusts the same CA as the scan's own connections.
  const ca = transport.tls.ca?.at(-1);
  if (ca) config.layers = { ...config.layers, tls: { ca } };

  const interrupts = watchInterrupts(io.stderr);
  let report: Awaited<ReturnType<typeof runScan>>;
  try {
    report = await runScan({ ...config, signal: interrupts.signal, stopGraceMs: INTERRUPT_GRACE_MS });
  } finally {
    interrupts.dispose();
  }
  if (progress) io.stderr("\r\u001b[2K");
  for (const layer of layers) report = layer.finish?.(report, opts, (m) => io.stderr(`rampart: ${m}\n`)) ?? report;

  const written = await writeOutputs(report, formats, outputTarget, io, renderOptions);
  const interrupted = interrupts.received();
  if (interrupted) {
    const where = written.length > 0 ? written.join(", ") : "stdout";
    io.stderr(`rampart: scan interrupted by ${interrupted}: partial report written to ${where}\n`);
    return exitCodeOf(interrupted);
  }
  if (nothingTested(report)) {
    io.stderr(`rampart: could not scan: ${nothingTestedCause(report)}\n`);
    return EXIT.couldNotScan;
  }
  const failure = gateFailure(
    { ...gateView(report), partial: report.partial },
    { failOn, minScore: opts.minScore as number | undefined, allowPartial: opts.allowPartial === true },
  );
  io.stderr(
    failure
      ? `rampart: gate failed: ${failure}\n`
      : `rampart: gate passed: score ${report.score}, grade ${report.grade}${report.partial ? " (incomplete scan allowed)" : ""}\n`,
  );
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
      return err.exitCode === 0 ? EXIT.passed : EXIT.usage;
    }
    const name = err instanceof Error ? err.name : "";
    const message = err instanceof Error ? err.message : String(err);
    if (["TargetError", "UsageError", "SpecError"].includes(name)) {
      io.stderr(`rampart: error: ${message}\n`);
      return EXIT.usage;
    }
    io.stderr(`rampart: internal error: ${message}\n`);
    if (process.env.RAMPART_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
    return EXIT.couldNotScan;
  }
}
