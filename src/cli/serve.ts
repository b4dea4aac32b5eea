/** `rampart serve`, `rampart worker` and `rampart token create`: the scan service's commands. */
import type { Command } from "commander";
import { UsageError } from "../engine/errors.js";
import { EXIT } from "./gate.js";
import { collect, type Io, intArg } from "./io.js";

interface StoreFlags {
  data?: string;
  db?: string;
  queue?: string;
  workers: number;
  allowTarget: string[];
  leaseSeconds: number;
  drainSeconds: number;
}

function addWorkerOptions(cmd: Command, defaultWorkers: number): Command {
  return cmd
    .option("--data <dir>", "data directory of the embedded SQLite store", ".rampart")
    .option("--db <url>", "PostgreSQL URL (scale-out), e.g. postgres://user@host/rampart")
    .option("--queue <url>", "Redis URL of the job queue (scale-out), e.g. redis://127.0.0.1:6379")
    .option("--workers <n>", "scans run at once by this process", intArg("--workers", 0, 64), defaultWorkers)
    .option(
      "--allow-target <host|CIDR>",
      "allow targets on this host or range (loopback, private and metadata addresses are refused otherwise; repeatable)",
      collect,
      [],
    )
    .option(
      "--lease-seconds <n>",
      "lease of a running scan; a dead worker's scan is retaken after it",
      intArg("--lease-seconds", 2, 3600),
      15,
    )
    .option(
      "--drain-seconds <n>",
      "on SIGTERM, time running scans get to finish",
      intArg("--drain-seconds", 0, 3600),
      30,
    );
}

function workerOptionsOf(opts: StoreFlags) {
  return {
    ...(opts.db ? { dbUrl: opts.db } : { dataDir: opts.data }),
    ...(opts.queue ? { queueUrl: opts.queue } : {}),
    workers: opts.workers,
    allowTargets: opts.allowTarget,
    leaseMs: opts.leaseSeconds * 1000,
    lockMs: opts.leaseSeconds * 1000,
    drainMs: opts.drainSeconds * 1000,
  };
}

/** Start-up problems (bad URL, unreachable database, port in use) become one-line usage errors. */
async function starting<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new UsageError(`${what}: ${message || (err as { code?: string }).code || "failed"}`);
  }
}

/** Resolves when SIGTERM or SIGINT arrives; a second signal exits at once. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const sig of ["SIGTERM", "SIGINT"] as const)
      process.once(sig, () => {
        process.once(sig, () => process.exit(EXIT.couldNotScan));
        resolve(sig);
      });
  });
}

/** After a drained shutdown, a library's stray handle must not keep the process alive. */
function exitSoon(): void {
  setTimeout(() => process.exit(), 2000).unref();
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  addWorkerOptions(
    program
      .command("serve")
      .description("run the scan service: REST API, dashboard, scheduler and (unless --workers 0) scan workers")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .option("--port <port>", "port to listen on (0 = any free port)", intArg("--port", 0, 65535), 8080)
      .option(
        "--retention-days <n>",
        "delete finished scans older than this (0 = keep)",
        intArg("--retention-days", 0, 36500),
        0,
      )
      .option("--max-active-scans <n>", "queued + running scans per tenant", intArg("--max-active-scans", 1, 10000), 20)
      .option("--rate-limit <n>", "API requests per tenant per minute", intArg("--rate-limit", 1, 1_000_000), 600),
    2,
  ).action(
    async (
      opts: StoreFlags & {
        host: string;
        port: number;
        retentionDays: number;
        maxActiveScans: number;
        rateLimit: number;
      },
    ) => {
      const { startService } = await import("../server/service.js");
      const service = await starting("serve", () =>
        startService({
          ...workerOptionsOf(opts),
          host: opts.host,
          port: opts.port,
          retentionDays: opts.retentionDays,
          maxActiveScans: opts.maxActiveScans,
          requestsPerMinute: opts.rateLimit,
        }),
      );
      io.stderr(`rampart: service listening on ${service.url}\n`);
      const sig = await untilSignal();
      io.stderr(`rampart: ${sig}: draining\n`);
      await service.close();
      setExit(EXIT.passed);
    },
  );

  addWorkerOptions(
    program.command("worker").description("run scan workers only (scale-out: needs --db and --queue)"),
    2,
  ).action(async (opts: StoreFlags) => {
    const { startWorker } = await import("../server/service.js");
    const worker = await starting("worker", () => startWorker(workerOptionsOf(opts)));
    io.stderr(`rampart: worker running ${opts.workers} slot(s)\n`);
    const sig = await untilSignal();
    io.stderr(`rampart: ${sig}: draining\n`);
    await worker.close();
    setExit(EXIT.passed);
    exitSoon();
  });

  const token = program.command("token").description("manage the service's API tokens");
  token
    .command("create")
    .description("create an API token for a tenant (printed once, as the last line; stored hashed)")
    .requiredOption("--tenant <name>", "tenant the token acts for")
    .option("--data <dir>", "data directory of the embedded SQLite store", ".rampart")
    .option("--db <url>", "PostgreSQL URL (scale-out)")
    .action(async (opts: { tenant: string; data?: string; db?: string }) => {
      const { createToken } = await import("../server/service.js");
      const value = await starting("token create", () =>
        createToken(opts.db ? { dbUrl: opts.db } : { dataDir: opts.data }, opts.tenant),
      );
      io.stderr(`rampart: token for tenant ${opts.tenant} (shown once; store it now)\n`);
      io.stdout(`${value}\n`);
      setExit(EXIT.passed);
    });
}
