/**
 * The scale-out mode with real processes: `rampart serve --db postgres://... --queue redis://...
 * --workers 0` and two `rampart worker` processes. A worker SIGKILLed mid-scan loses nothing: the
 * other worker finishes the scan and the result (and its webhook delivery) is written once.
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and Redis on 127.0.0.1:6379:
 * `scripts/services.sh` starts them and `npm run test:ci` sets RAMPART_SCALEOUT_TESTS=1.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, router, startLab } from "../../lab/kit.js";
import { restModules } from "../../lab/rest/index.js";
import { callApi } from "./helpers.js";

const run = promisify(execFile);
const enabled = process.env.RAMPART_SCALEOUT_TESTS === "1";
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const ENV = { ...process.env, RAMPART_FROM_SOURCE: "1", RAMPART_SECRET_KEY: randomBytes(32).toString("base64") };

interface Proc {
  child: ChildProcess;
  output: string[];
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, ["bin/rampart.js", ...args], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout?.on("data", (c) => output.push(String(c)));
  child.stderr?.on("data", (c) => output.push(String(c)));
  return { child, output };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(p: Proc | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once("exit", () => resolve());
    p.child.kill(signal);
  });
}

describe.skipIf(!enabled)("scale-out: PostgreSQL + Redis (BullMQ) with separate worker processes", () => {
  const dbName = `rampart_test_${randomBytes(4).toString("hex")}`;
  const dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  // A Redis database of its own, so parallel runs do not share a queue.
  const queueUrl = `redis://127.0.0.1:6379/${1 + (randomBytes(1)[0] % 15)}`;
  let serve: Proc;
  const workers: Proc[] = [];
  let lab: LabServer;
  let receiver: http.Server;
  let receiverUrl: string;
  let received = 0;
  let base: string;
  let sql: pg.Client;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const handler = router(restModules(false));
    // Slow answers (60 ms each, one at a time) keep the scan running long enough to kill its worker.
    lab = await startLab(async (req, res) => {
      await new Promise((r) => setTimeout(r, 60));
      await handler(req, res);
    });
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received++;
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    const common = ["--db", dbUrl, "--queue", queueUrl, "--allow-target", "127.0.0.1", "--lease-seconds", "3"];
    serve = start(["serve", "--port", "0", "--workers", "0", ...common]);
    base = await waitFor(
      "serve to listen",
      () => /listening on (http:\/\/\S+)/.exec(serve.output.join(""))?.[1],
      30_000,
    );
    for (let i = 0; i < 2; i++) workers.push(start(["worker", "--workers", "1", ...common]));
    await waitFor(
      "both workers",
      () => (workers.every((w) => /worker running/.test(w.output.join(""))) ? true : undefined),
      30_000,
    );
    sql = new pg.Client({ connectionString: dbUrl });
    await sql.connect();
  }, 90_000);

  afterAll(async () => {
    await Promise.all([...workers, serve].map((p) => stop(p)));
    await sql?.end();
    await lab?.close();
    await new Promise((r) => receiver?.close(r));
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }, 60_000);

  it("a worker killed with SIGKILL mid-scan loses nothing: the other finishes it, the result is written once", async () => {
    const created = await run(process.execPath, ["bin/rampart.js", "token", "create", "--tenant", "a", "--db", dbUrl], {
      env: ENV,
    });
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^rmp_/);
    const hook = await callApi(base, "POST", "/v1/webhooks", token, { url: receiverUrl, events: ["scan.completed"] });
    expect(hook.status).toBe(201);

    const submitted = await callApi(base, "POST", "/v1/scans", token, {
      target: `${lab.origin}/api/v1/users`,
      options: { concurrency: 1, deadline: 120, seed: 3 },
    });
    expect(submitted.status).toBe(202);
    const id = submitted.json.id as string;

    const owner = await waitFor("the scan to be running", async () => {
      const r = await sql.query("select lease_owner, progress from scans where id = $1", [id]);
      const row = r.rows[0];
      return row?.lease_owner && row.progress && JSON.parse(row.progress).requests >= 5
        ? String(row.lease_owner)
        : undefined;
    });
    const pid = Number(/:(\d+)#/.exec(owner)?.[1]);
    const victim = workers.find((w) => w.child.pid === pid);
    expect(victim, `lease owner ${owner} is one of our workers`).toBeDefined();
    await stop(victim, "SIGKILL");
    const survivor = workers.find((w) => w !== victim)!;

    const done = await waitFor(
      "the scan to finish",
      async () => {
        const r = await callApi(base, "GET", `/v1/scans/${id}`, token);
        return ["done", "failed", "canceled"].includes(r.json.status) ? r.json : undefined;
      },
      90_000,
    );
    expect(done.status).toBe("done");
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const report = (await callApi(base, "GET", `/v1/scans/${id}/report`, token)).json;
    expect(report.partial).toBeUndefined();
    expect(report.findings.length).toBeGreaterThan(0);
    expect(survivor.output.join("")).toMatch(new RegExp(`"scan":"${id}","status":"done","written":true`));

    const rows = await sql.query("select count(*)::int as n from findings where scan_id = $1", [id]);
    expect(rows.rows[0].n).toBe(new Set(report.findings.map((f: { fingerprint: string }) => f.fingerprint)).size);
    const deliveries = await sql.query("select count(*)::int as n from deliveries where event = 'scan.completed'");
    expect(deliveries.rows[0].n).toBe(1);
    await waitFor("the webhook", () => (received > 0 ? true : undefined), 20_000);
    expect(received).toBe(1);
  }, 150_000);

  it("drains on SIGTERM: the worker exits cleanly", async () => {
    const survivor = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    const exited = new Promise<number | null>((r) => survivor.child.once("exit", (code) => r(code)));
    survivor.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(survivor.output.join("")).toMatch(/SIGTERM: draining/);
  }, 60_000);
});
