/** `rampart scan`: the command's own flags, its layers, and the run (request, scan, outputs, gate). */
import type { Command } from "commander";
import { z } from "zod";
import { EXIT, gateFailure, nothingTested, nothingTestedCause, parseFailOn } from "./gate.js";
import { type Io, parseHeader, UsageError } from "./io.js";
import { type CliLayer, flagsOf, requireTarget, type ScanRequestDraft } from "./layers.js";

/** After Ctrl-C or SIGTERM, requests in flight get this long to finish before they are cut. */
const INTERRUPT_GRACE_MS = 1500;

/** The optional parts of `rampart scan`, in the order they fill the request. */
export async function loadLayers(): Promise<CliLayer[]> {
  return [
    // The config file runs first: it fills option defaults that later layers read.
    (await import("./config.js")).configLayer,
    (await import("./auth.js")).authLayer,
    (await import("./exposure.js")).exposureLayer,
    (await import("./active.js")).activeLayer,
    (await import("./openapi.js")).openapiLayer,
    (await import("./baseline.js")).baselineLayer,
    (await import("./llm.js")).llmLayer(),
  ];
}

/** The flags `rampart scan` itself declares (the layers declare theirs). */
const ScanFlags = z.object({
  format: z.string(),
  output: z.string().optional(),
  outputDir: z.string().optional(),
  docsUrl: z.string().optional(),
  quiet: z.boolean().optional(),
  verbose: z.boolean().optional(),
  failOn: z.string(),
  minScore: z.number().int().optional(),
  allowPartial: z.boolean().optional(),
  only: z.string().optional(),
  skip: z.string().optional(),
  budget: z.number().int(),
  deadline: z.number().int(),
  timeout: z.number().int(),
  concurrency: z.number().int(),
  rps: z.number().int(),
  seed: z.number().int(),
  header: z.array(z.string()),
  proxy: z.string().optional(),
  tlsCa: z.string().optional(),
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
});

function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function runScanCommand(url: string, cmd: Command, layers: readonly CliLayer[], io: Io): Promise<number> {
  const { runScan } = await import("../engine/scan.js");
  const { parseScanRequest, scanConfigOf } = await import("../api/scan.js");
  const { formatNames } = await import("../report/index.js");
  const { parseFormats, checkOutputTarget, renderOptionsOf, writeOutputs } = await import("./report.js");
  const { gateView } = await import("./baseline.js");
  const { watchInterrupts, exitCodeOf } = await import("./interrupt.js");
  // Layers may fill options from a config file before anything reads them (flags still win).
  for (const layer of layers) await layer.configure?.(cmd);
  const opts = cmd.opts();
  const flags = flagsOf(ScanFlags, opts);
  const formats = parseFormats(flags.format, formatNames());
  const outputTarget = { output: flags.output, outputDir: flags.outputDir };
  const renderOptions = renderOptionsOf(flags.docsUrl);
  checkOutputTarget(formats, outputTarget);
  let failOn: ReturnType<typeof parseFailOn>;
  try {
    failOn = parseFailOn(flags.failOn);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const progress = io.isTTY && !flags.quiet && process.env.TERM !== "dumb";
  const request: ScanRequestDraft = {
    target: url,
    headers: Object.fromEntries(flags.header.map(parseHeader)),
    only: listOf(flags.only),
    skip: listOf(flags.skip),
    seed: flags.seed,
    budget: flags.budget,
    deadlineSeconds: flags.deadline,
    timeoutMs: flags.timeout,
    concurrency: flags.concurrency,
    rps: flags.rps,
  };
  for (const layer of layers) if ((await layer.apply(opts, request)) === "done") return EXIT.passed;
  requireTarget(request);
  const config = scanConfigOf(parseScanRequest(request), {
    allowSpecFiles: true,
    allowJudge: true,
    transport: {
      proxy: flags.proxy,
      caFile: flags.tlsCa,
      certFile: flags.tlsCert,
      keyFile: flags.tlsKey,
      env: process.env,
    },
    ...(progress
      ? {
          onProgress: (p: { checksDone: number; checksTotal: number; requests: number }) =>
            io.stderr(`\r\u001b[2Kchecks ${p.checksDone}/${p.checksTotal} · ${p.requests} requests`),
        }
      : {}),
    ...(flags.verbose
      ? { onRequest: (line: string) => io.stderr(`${progress ? "\r\u001b[2K" : ""}rampart: ${line}\n`) }
      : {}),
  });
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
    { failOn, minScore: flags.minScore, allowPartial: flags.allowPartial === true },
  );
  io.stderr(
    failure
      ? `rampart: gate failed: ${failure}\n`
      : `rampart: gate passed: score ${report.score}, grade ${report.grade}${report.partial ? " (incomplete scan allowed)" : ""}\n`,
  );
  return failure ? EXIT.gateFailed : EXIT.passed;
}
