import { Command, CommanderError, Option } from "commander";
import { DEFAULT_LIMITS } from "../engine/http.js";
import { SEVERITIES } from "../engine/severity.js";
import { VERSION } from "../engine/version.js";
import { EXIT } from "./gate.js";
import { collect, type Io, intArg, processIo } from "./io.js";

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

  // Only `scan` loads its layers, the scan API and the schema library: `--help` stays fast.
  const scanCommand = isScan ? await import("./scan.js") : undefined;
  const layers = scanCommand ? await scanCommand.loadLayers() : [];
  for (const layer of layers) {
    scan.optionsGroup(LAYER_GROUPS[layer.name] ?? "Other:");
    layer.register(scan);
  }

  scan.action(async (url: string | undefined, _opts: Record<string, unknown>, cmd: Command) => {
    if (scanCommand) setExit(await scanCommand.runScanCommand(url ?? "", cmd, layers, io));
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
    await import("./baseline-file.js"),
    await import("./replay.js"),
    await import("./mcp.js"),
    await import("./guard.js"),
    await import("./serve.js"),
  ])
    command.registerCommand(program, io, setExit);
  return program;
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
