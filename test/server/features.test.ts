/** Schedules with finding.new, auth profiles sealed at rest, and the dashboard's static files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, router, startLab } from "../../lab/kit.js";
import { restModules } from "../../lab/rest/index.js";
import { startTestService, type TestService, waitForScan } from "./helpers.js";

describe("service features", () => {
  let t: TestService;
  let lab: LabServer;
  let hardened = true;
  let webRoot: string;
  let token: string;

  beforeAll(async () => {
    // One target that changes under the scanner: hardened first, then vulnerable (a regression).
    const safe = router(restModules(true));
    const weak = router(restModules(false));
    lab = await startLab((req, res) => (hardened ? safe(req, res) : weak(req, res)));
    webRoot = mkdtempSync(path.join(tmpdir(), "rampart-web-"));
    mkdirSync(path.join(webRoot, "assets"));
    writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>Rampart</title><div id=root></div>");
    writeFileSync(path.join(webRoot, "assets", "app.js"), "console.log('dashboard');");
    writeFileSync(path.join(webRoot, "assets", "app.css"), "body{margin:0}");
    t = await startTestService({ webRoot });
    token = await t.token("a");
  });
  afterAll(async () => {
    await t?.close();
    await lab?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it("rescans on a cron schedule and sends finding.new for what the previous scan did not have", async () => {
    const received: { body: string; headers: Record<string, string> }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ body, headers: req.headers as Record<string, string> });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const hook = await t.api("POST", "/v1/webhooks", token, {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
        events: ["finding.new"],
      });
      expect((await t.api("POST", "/v1/schedules", token, { target: lab.url, cron: "not a cron" })).status).toBe(400);
      // Every second (cron-parser's six-field form).
      const schedule = await t.api("POST", "/v1/schedules", token, {
        target: `${lab.url}api/v1/users`,
        cron: "* * * * * *",
      });
      expect(schedule.status).toBe(201);
      const scheduled = async (n: number) => {
        for (let i = 0; i < 200; i++) {
          const list = (await t.api("GET", "/v1/scans?limit=100", token)).json.items.filter(
            (s: { scheduleId: string }) => s.scheduleId === schedule.json.id,
          );
          if (list.length >= n) return list.reverse();
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error("no scheduled scan");
      };
      const [first] = await scheduled(1);
      await waitForScan(t, first.id, token);
      hardened = false;
      // The next scan that starts after the switch finds the regression.
      let regression: { id: string; counts: { high: number } } | undefined;
      for (let n = 2; !regression && n < 10; n++) {
        const scans = await scanned(await scheduled(n));
        regression = scans.find((s) => s.counts.high > 0);
      }
      expect((await t.api("DELETE", `/v1/schedules/${schedule.json.id}`, token)).status).toBe(204);
      expect(regression).toBeDefined();
      await t.service.flushWebhooks();
      const news = received.filter((r) => JSON.parse(r.body).type === "finding.new");
      expect(news.length).toBeGreaterThanOrEqual(1);
      const payload = new Webhook(hook.json.secret).verify(news[0].body, news[0].headers) as {
        data: { findings: { ruleId: string; severity: string }[] };
      };
      expect(payload.data.findings.length).toBeGreaterThan(0);
      // Webhook bodies carry rule ids and locations, never evidence.
      expect(news[0].body).not.toMatch(/"evidence"|"excerpt"/);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
    async function scanned(list: { id: string }[]) {
      return Promise.all(list.map((s) => waitForScan(t, s.id, token)));
    }
  });

  it("marks a scan that cannot run as failed, with a one-line reason and no report", async () => {
    const submitted = await t.api("POST", "/v1/scans", token, {
      target: `${lab.url}api/v1/users`,
      spec: `${lab.url}no-such-spec.json`,
    });
    expect(submitted.status).toBe(202);
    const scan = await waitForScan(t, submitted.json.id, token);
    expect(scan.status).toBe("failed");
    expect(scan.error).toMatch(/spec/);
    expect(scan.error).not.toContain("\n");
    const report = await t.api("GET", `/v1/scans/${scan.id}/report`, token);
    expect(report.status).toBe(409);
    expect(report.json.error.code).toBe("no_report");
  });

  it("drains on shutdown: a scan still running is handed back to the queue and finished by the next process", async () => {
    const handler = router(restModules(false));
    const slow = await startLab(async (req, res) => {
      await new Promise((r) => setTimeout(r, 60));
      await handler(req, res);
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), "rampart-drain-"));
    try {
      const first = await startTestService({ dataDir, drainMs: 200 });
      const tok = await first.token("a");
      const submitted = await first.api("POST", "/v1/scans", tok, {
        target: `${slow.origin}/api/v1/users`,
        options: { concurrency: 1, deadline: 120 },
      });
      for (let i = 0; i < 100; i++) {
        if ((await first.api("GET", `/v1/scans/${submitted.json.id}`, tok)).json.progress?.requests >= 3) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await first.close();
      const second = await startTestService({ dataDir });
      try {
        const scan = await waitForScan(second, submitted.json.id, tok);
        expect(scan.status).toBe("done");
        expect(scan.attempts).toBe(2);
        expect(second.logs.join("")).toMatch(/"status":"done","written":true/);
        expect(first.logs.join("")).toMatch(/released for another worker/);
      } finally {
        await second.close();
      }
    } finally {
      await slow.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps the event stream of a waiting scan alive with comments", async () => {
    const idle = await startTestService({ workers: 0 });
    try {
      const tok = await idle.token("a");
      const submitted = await idle.api("POST", "/v1/scans", tok, { target: `${lab.url}api/v1/users` });
      const abort = new AbortController();
      const res = await fetch(`${idle.service.url}/v1/scans/${submitted.json.id}/events`, {
        headers: { authorization: `Bearer ${tok}` },
        signal: abort.signal,
      });
      const reader = res.body!.getReader();
      let text = "";
      const started = Date.now();
      while (!text.includes(": keep-alive") && Date.now() - started < 15_000) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      abort.abort();
      expect(text).toMatch(/event: progress\ndata: \{[^}]*"status":"queued"\}/);
      expect(text).toContain(": keep-alive");
    } finally {
      await idle.close();
    }
  }, 30_000);

  it("keeps auth profiles sealed: scans use them, the API and the database never show them", async () => {
    const secret = "s3cr3t-profile-token-0123456789";
    const put = await t.api("PUT", "/v1/auth-profiles/lab-user", token, { auth: [`bearer:${secret}`] });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(secret);
    expect((await t.api("PUT", "/v1/auth-profiles/bad", token, { auth: ["nonsense"] })).status).toBe(400);
    const listed = await t.api("GET", "/v1/auth-profiles", token);
    expect(listed.json.items.map((p: { name: string }) => p.name)).toEqual(["lab-user"]);
    expect(listed.text).not.toContain(secret);
    expect((await t.api("POST", "/v1/scans", token, { target: lab.url, options: { auth: "nope" } })).status).toBe(400);

    const before = lab.requests.length;
    const submitted = await t.api("POST", "/v1/scans", token, {
      target: `${lab.url}api/v1/users`,
      options: { auth: "lab-user", only: ["transport-hsts"] },
    });
    expect(submitted.status).toBe(202);
    const scan = await waitForScan(t, submitted.json.id, token);
    expect(scan.status).toBe("done");
    const sent = lab.requests.slice(before);
    expect(sent.some((r) => r.headers.authorization === `Bearer ${secret}`)).toBe(true);

    const db = new SqliteDatabase(path.join(t.dataDir, "rampart.db"), { readonly: true });
    const dump = JSON.stringify([
      db.prepare("select * from auth_profiles").all(),
      db.prepare("select * from scans").all(),
    ]);
    db.close();
    expect(dump).not.toContain(secret);
    expect(t.logs.join("")).not.toContain(secret);
    const report = await t.api("GET", `/v1/scans/${scan.id}/report`, token);
    expect(report.text).not.toContain(secret);
  });

  it("serves the dashboard at / with content types, a strict CSP and an SPA fallback; /v1 stays JSON", async () => {
    const index = await t.api("GET", "/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/text\/html/);
    expect(index.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(index.text).toContain("<title>Rampart</title>");
    const js = await t.api("GET", "/assets/app.js");
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await t.api("GET", "/assets/app.css")).headers.get("content-type")).toMatch(/text\/css/);
    const deep = await t.api("GET", "/scans/scan_123/findings");
    expect(deep.status).toBe(200);
    expect(deep.text).toContain("<title>Rampart</title>");
    const api404 = await t.api("GET", "/v1/nothing-here", token);
    expect(api404.status).toBe(404);
    expect(api404.json.error.code).toBe("not_found");
    expect((await t.api("POST", "/"))?.status).toBe(404);
  });
});
