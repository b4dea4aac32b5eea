/** `rampart guard`: the OpenAI-compatible guard proxy in front of an upstream, until SIGINT or SIGTERM. */
import { type Command, InvalidArgumentError } from "commander";
import { EXIT } from "./gate.js";
import type { Io } from "./io.js";
import { UsageError } from "./io.js";

function portArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError("--port takes a port from 0 to 65535");
  return n;
}

export function registerCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("guard")
    .description("run Rampart Guard, an OpenAI-compatible proxy enforcing guard.yaml in front of an LLM API")
    .requiredOption("--upstream <url>", "the provider or app base URL, e.g. https://api.together.ai/v1")
    .requiredOption("--config <file>", "the guard policy (YAML; see docs/guard.md)")
    .option("--port <n>", "port to listen on (0: any free port)", portArg, 8787)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .action(async (opts: { upstream: string; config: string; port: number; host: string }) => {
      const { loadPolicyFile, startGuardProxy, upstreamBase } = await import("../guard/index.js");
      let proxy: Awaited<ReturnType<typeof startGuardProxy>>;
      try {
        upstreamBase(opts.upstream);
        const policy = loadPolicyFile(opts.config);
        proxy = await startGuardProxy({ upstream: opts.upstream, policy, port: opts.port, host: opts.host });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new UsageError(`port ${opts.port} on ${opts.host} is already in use`);
        if (code === "EACCES" || code === "EADDRNOTAVAIL")
          throw new UsageError(`cannot listen on ${opts.host}:${opts.port} (${code})`);
        throw new UsageError((err as Error).message);
      }
      io.stderr(`rampart guard: listening on ${proxy.url} -> ${upstreamBase(opts.upstream)}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await proxy.close();
      setExit(EXIT.passed);
    });
}
