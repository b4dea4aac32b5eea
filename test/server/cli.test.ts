/** The service commands as a new user runs them: token create, serve as a real process, one-line errors. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { router, startLab } from "../../lab/kit.js";
import { type RestApi, restModules, startRestApi } from "../../lab/rest/index.js";
import { callApi } from "./helpers.js";

const run = promisify(execFile);
const ENV = { ...process.env, RAMPART_FROM_SOURCE: "1" };

function rampart(args: string[]) {
  return run(process.execPath, ["bin/rampart.js", ...args], { env: ENV }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("rampart serve / token create (real processes)", () => {
  let dataDir: string;
  let lab: RestApi;
  let serve: ChildProcess | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "rampart-cli-svc-"));
    lab = await startRestApi({ hardened: false });
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve?.once("exit", r));
      serve.kill("SIGTERM");
      await exited;
    }
    await lab?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates a token, serves, and completes a scan submitted over the API", async () => {
    const created = await rampart(["token", "create", "--tenant", "a", "--data", dataDir]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^rmp_[A-Za-z0-9_-]{40,}$/);

    serve = spawn(
      process.execPath,
      ["bin/rampart.js", "serve", "--port", "0", "--data", dataDir, "--allow-target", "127.0.0.1"],
      { env: ENV, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    serve.stderr?.on("data", (c) => {
      stderr += c;
    });
    let base: string | undefined;
    for (let i = 0; i < 300 && !base; i++) {
      base = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(base, stderr).toBeDefined();
    const submitted = await callApi(base!, "POST", "/v1/scans", token, { target: lab.apiUrl });
    expect(submitted.status).toBe(202);
    let status = "";
    for (let i = 0; i < 300 && !["done", "failed"].includes(status); i++) {
      status = (await callApi(base!, "GET", `/v1/scans/${submitted.json.id}`, token)).json.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("done");
    const exited = new Promise<number | null>((r) => serve?.once("exit", (code) => r(code)));
    serve.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);

  it("embedded mode: a service SIGKILLed mid-scan finishes the scan after a restart (lease expiry)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-cli-crash-"));
    const handler = router(restModules(false));
    const slow = await startLab(async (req, res) => {
      await new Promise((r) => setTimeout(r, 60));
      await handler(req, res);
    });
    const procs: ChildProcess[] = [];
    const startServe = async () => {
      const child = spawn(
        process.execPath,
        [
          "bin/rampart.js",
          "serve",
          "--port",
          "0",
          "--data",
          dir,
          "--allow-target",
          "127.0.0.1",
          "--lease-seconds",
          "2",
        ],
        { env: ENV, stdio: ["ignore", "ignore", "pipe"] },
      );
      procs.push(child);
      let stderr = "";
      child.stderr?.on("data", (c) => {
        stderr += c;
      });
      for (let i = 0; i < 300; i++) {
        const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
        if (url) return { child, url };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`serve did not start: ${stderr}`);
    };
    try {
      const token = (await rampart(["token", "create", "--tenant", "a", "--data", dir])).stdout
        .trim()
        .split("\n")
        .at(-1)!;
      const first = await startServe();
      const submitted = await callApi(first.url, "POST", "/v1/scans", token, {
        target: `${slow.origin}/api/v1/users`,
        options: { concurrency: 1, deadline: 120 },
      });
      for (let i = 0; i < 300; i++) {
        const r = await callApi(first.url, "GET", `/v1/scans/${submitted.json.id}`, token);
        if (r.json.progress?.requests >= 5) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      const killed = new Promise((r) => first.child.once("exit", r));
      first.child.kill("SIGKILL");
      await killed;
      const second = await startServe();
      let scan: { status: string; attempts: number } = { status: "", attempts: 0 };
      for (let i = 0; i < 600 && !["done", "failed"].includes(scan.status); i++) {
        scan = (await callApi(second.url, "GET", `/v1/scans/${submitted.json.id}`, token)).json;
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(scan.status).toBe("done");
      expect(scan.attempts).toBe(2);
      const report = (await callApi(second.url, "GET", `/v1/scans/${submitted.json.id}/report`, token)).json;
      expect(report.partial).toBeUndefined();
    } finally {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
      await slow.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("reports bad configuration in one line with exit code 64 (usage)", async () => {
    for (const args of [
      ["serve", "--db", "mysql://x/y", "--port", "0"],
      ["serve", "--queue", "redis://127.0.0.1:6379", "--port", "0"],
      ["serve", "--allow-target", "10.0.0.0/99", "--port", "0", "--data", dataDir],
      ["worker", "--workers", "0", "--data", dataDir],
      ["token", "create", "--tenant", "bad tenant!", "--data", dataDir],
    ]) {
      const r = await rampart(args);
      expect(r.code, args.join(" ")).toBe(64);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(/^rampart: error: /);
    }
  }, 60_000);
});
