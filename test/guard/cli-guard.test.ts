/** `rampart guard` as a user runs it: a child process in front of the weak lab app on 127.0.0.1. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUARD_LAB_KEY, startWeakApp } from "../../lab/guard/weak-app.js";
import type { LabServer } from "../../lab/kit.js";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "rampart-guard-cli-"));

function run(args: string[]): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(root, "bin/rampart.js"), ...args], {
    env: { ...process.env, RAMPART_FROM_SOURCE: "1", GUARD_CLI_UPSTREAM_KEY: "cli-upstream-key-5566" },
  });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  return { child, stderr: () => err, exit: new Promise((resolve) => child.on("exit", resolve)) };
}

describe("rampart guard", () => {
  let app: LabServer;
  beforeAll(async () => {
    app = await startWeakApp();
  });
  afterAll(() => app?.close());

  it("serves the policy from guard.yaml and stops on SIGTERM", async () => {
    const config = path.join(dir, "guard.yaml");
    writeFileSync(
      config,
      `keys: [${GUARD_LAB_KEY}]\nupstream_key_env: GUARD_CLI_UPSTREAM_KEY\nlimits:\n  max_tokens: 64\n  n: 1\n  rate: { per_key: 20/minute }\nlog: { level: warn }\n`,
    );
    const p = run(["guard", "--upstream", `${app.origin}/v1`, "--port", "0", "--config", config]);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.stderr());
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      setTimeout(() => reject(new Error(`no listening line: ${p.stderr()}`)), 20_000);
    });
    const ask = (key: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "Say hello in five words." }], max_tokens: 4000 }),
      });
    const ok = await ask(GUARD_LAB_KEY);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit-requests")).toBe("20");
    expect(JSON.parse(app.requests.at(-1)!.body).max_tokens).toBe(64);
    expect(app.requests.at(-1)!.headers.authorization).toBe("Bearer cli-upstream-key-5566");
    expect((await ask("someone-elses-key")).status).toBe(401);
    p.child.kill("SIGTERM");
    expect(await p.exit).toBe(0);
    expect(p.stderr()).not.toContain(GUARD_LAB_KEY);
  }, 30_000);

  it("a missing upstream key variable is one line and exit 64 (usage)", async () => {
    const config = path.join(dir, "nokey.yaml");
    writeFileSync(config, `keys: [${GUARD_LAB_KEY}]\nupstream_key_env: RAMPART_GUARD_UNSET_VARIABLE\n`);
    const p = run(["guard", "--upstream", app.origin, "--config", config]);
    expect(await p.exit).toBe(64);
    expect(p.stderr()).toBe(
      "rampart: error: upstream_key_env: the environment variable RAMPART_GUARD_UNSET_VARIABLE is not set\n",
    );
  }, 30_000);

  it("a broken config is one line and exit 64 (usage)", async () => {
    const config = path.join(dir, "bad.yaml");
    writeFileSync(config, "keys: [gk_abcdefgh]\nlimits: { max_tokens: lots }\n");
    const p = run(["guard", "--upstream", app.origin, "--config", config]);
    expect(await p.exit).toBe(64);
    expect(p.stderr().trim().split("\n")).toHaveLength(1);
    expect(p.stderr()).toMatch(/^rampart: error: .*bad\.yaml: limits\.max_tokens: /);
  }, 30_000);
});
