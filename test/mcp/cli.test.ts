/** `rampart mcp` refuses a bad configuration with one line and exit code 64 (usage), before serving anything. */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../harness.js";

async function run(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stderr: c.stderr(), stdout: c.stdout() };
}

describe("rampart mcp configuration errors", () => {
  it("rejects a malformed --allow-target and --allow-auth-env", async () => {
    const target = await run("mcp", "--allow-target", "http://127.0.0.1/");
    expect(target.code).toBe(64);
    expect(target.stderr).toMatch(/^rampart: error: --allow-target "http:\/\/127\.0\.0\.1\/": expected host\[:port\]/);
    expect(target.stderr.trim().split("\n")).toHaveLength(1);
    const env = await run("mcp", "--allow-target", "127.0.0.1", "--allow-auth-env", "NOT-A-NAME");
    expect(env.code).toBe(64);
    expect(env.stderr).toMatch(/--allow-auth-env takes an environment variable name/);
  });

  it("needs a usable token for --http and a free port", async () => {
    delete process.env.RAMPART_TEST_UNSET_TOKEN;
    const unset = await run("mcp", "--http", "--port", "0", "--token-env", "RAMPART_TEST_UNSET_TOKEN");
    expect(unset.code).toBe(64);
    expect(unset.stderr).toMatch(/--token-env RAMPART_TEST_UNSET_TOKEN: that environment variable is not set/);
    process.env.RAMPART_TEST_WEAK_TOKEN = "short";
    const weak = await run("mcp", "--http", "--port", "0", "--token-env", "RAMPART_TEST_WEAK_TOKEN");
    expect(weak.code).toBe(64);
    expect(weak.stderr).toMatch(/at least 16 characters/);
    expect(weak.stderr).not.toContain("short");

    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const { port } = busy.address() as { port: number };
    process.env.RAMPART_TEST_TOKEN = "a-long-enough-test-token-1234";
    const taken = await run("mcp", "--http", "--port", String(port), "--token-env", "RAMPART_TEST_TOKEN");
    await new Promise<void>((r) => busy.close(() => r()));
    expect(taken.code).toBe(64);
    expect(taken.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });

  it("is listed in the help", async () => {
    const help = await run("--help");
    expect(help.stdout).toMatch(/mcp \[options\]\s+serve Rampart's tools to coding agents/);
  });
});
