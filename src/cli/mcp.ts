/**
 * `rampart mcp`: Rampart as an MCP server for coding agents, over stdio (the default) or
 * Streamable HTTP (`--http`, bearer token required, 127.0.0.1 unless told otherwise). Consent
 * is given here, by whoever starts the server: `--allow-target` (with none, every scan is refused),
 * `--allow-active`, `--allow-auth-env`. stdout belongs to the protocol over stdio; messages go to stderr.
 */
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { EXIT } from "./gate.js";
import { collect, type Io, intArg, UsageError } from "./io.js";

interface McpCommandOptions {
  http?: boolean;
  host: string;
  port: number;
  tokenEnv?: string;
  allowTarget: string[];
  allowActive?: boolean;
  allowAuthEnv: string[];
  maxReports: number;
  maxScans: number;
}

const MIN_TOKEN_CHARS = 16;

function tokenOf(opts: McpCommandOptions, io: Io): string {
  if (!opts.tokenEnv) {
    const token = randomBytes(32).toString("base64url");
    // Printed once, on stderr only: the client configuration needs it.
    io.stderr(`rampart mcp: bearer token (shown once): ${token}\n`);
    return token;
  }
  const token = process.env[opts.tokenEnv]?.trim();
  if (!token) throw new UsageError(`--token-env ${opts.tokenEnv}: that environment variable is not set or empty`);
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token))
    throw new UsageError(
      `--token-env ${opts.tokenEnv}: the token must be at least ${MIN_TOKEN_CHARS} characters without spaces (the value is not shown)`,
    );
  return token;
}

async function run(opts: McpCommandOptions, io: Io): Promise<number> {
  const { parseAllowRule } = await import("../mcp/consent.js");
  const { ReportStore, DEFAULT_STORE_LIMITS } = await import("../mcp/store.js");
  const { serveHttp, serveStdio } = await import("../mcp/transports.js");
  const allowTargets = opts.allowTarget.map(parseAllowRule);
  for (const name of opts.allowAuthEnv)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new UsageError(`--allow-auth-env takes an environment variable name, not ${JSON.stringify(name)}`);
  const policy = {
    allowTargets,
    allowActive: Boolean(opts.allowActive),
    allowAuthEnv: opts.allowAuthEnv,
    // Over stdio the agent already runs on this machine; an HTTP client may not.
    allowSpecFiles: !opts.http,
    maxConcurrentScans: opts.maxScans,
    env: process.env,
  };
  const state = { store: new ReportStore({ ...DEFAULT_STORE_LIMITS, maxReports: opts.maxReports }), running: 0 };
  if (allowTargets.length === 0)
    io.stderr(
      "rampart mcp: no --allow-target given: every scan will be refused until the server is restarted with one\n",
    );

  const stop = new AbortController();
  const onSignal = () => stop.abort("signal");
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (!opts.http) {
      await serveStdio(policy, state, stop.signal);
      return EXIT.passed;
    }
    if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(opts.host))
      io.stderr(
        `rampart mcp: warning: listening on ${opts.host}, beyond this machine; the bearer token is the only guard\n`,
      );
    const token = tokenOf(opts, io);
    const server = await serveHttp(policy, state, { host: opts.host, port: opts.port, token }).catch((err: Error) => {
      throw new UsageError(`cannot listen on ${opts.host}:${opts.port}: ${err.message}`);
    });
    io.stderr(`rampart mcp: listening on ${server.url}\n`);
    await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
    await server.close();
    return EXIT.passed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("mcp")
    .description("serve Rampart's tools to coding agents over MCP (stdio, or Streamable HTTP with --http)")
    .option("--http", "serve Streamable HTTP instead of stdio (a bearer token is required)")
    .option("--host <address>", "address to listen on with --http", "127.0.0.1")
    .option("--port <n>", "port to listen on with --http (0 = any free port)", intArg("--port", 0, 65535), 8765)
    .option("--token-env <name>", "read the bearer token from this environment variable (default: generate one)")
    .option(
      "--allow-target <rule>",
      "a target agents may scan: host[:port], IP[:port], *.domain or CIDR (repeatable; none = every scan refused)",
      collect,
      [],
    )
    .option("--allow-active", "let agents ask for the opt-in state-changing probes")
    .option(
      "--allow-auth-env <name>",
      "an environment variable scans may read credentials from (repeatable)",
      collect,
      [],
    )
    .option(
      "--max-reports <n>",
      "reports kept in memory (least recently used dropped)",
      intArg("--max-reports", 1, 1000),
      50,
    )
    .option("--max-scans <n>", "scans running at once at most", intArg("--max-scans", 1, 16), 2)
    .action(async (opts: McpCommandOptions) => {
      setExit(await run(opts, io));
    });
}
