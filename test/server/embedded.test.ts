/**
 * The embedded mode end to end: a real service on 127.0.0.1 (SQLite, lease queue, in-process
 * workers) scanning the lab's REST API, as a new user would drive it over HTTP.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, router, startLab } from "../../lab/kit.js";
import { type RestApi, restModules, startRestApi } from "../../lab/rest/index.js";
import { scaleOutEnabled, startTestService, type TestService, throwAwayDatabase, waitForScan } from "./helpers.js";

const run = promisify(execFile);

interface Received {
  body: string;
  headers: Record<string, string>;
}

function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ body, headers: req.headers as Record<string, string> });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        received,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

const MODES: { name: string; scaleOut: boolean }[] = [
  { name: "embedded: SQLite + lease queue", scaleOut: false },
  ...(scaleOutEnabled ? [{ name: "PostgreSQL + BullMQ on Redis, in-process workers", scaleOut: true }] : []),
];

describe.each(MODES)("rampart serve ($name)", ({ scaleOut }) => {
  let t: TestService;
  let lab: RestApi;
  let slowLab: LabServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tokenA: string;
  let tokenB: string;
  let pgDatabase: Awaited<ReturnType<typeof throwAwayDatabase>> | undefined;

  beforeAll(async () => {
    pgDatabase = scaleOut ? await throwAwayDatabase() : undefined;
    t = await startTestService(
      pgDatabase
        ? {
            dbUrl: pgDatabase.url,
            queueUrl: `redis://127.0.0.1:6379/${1 + Math.floor(Math.random() * 15)}`,
            secretKey: randomBytes(32).toString("base64"),
          }
        : {},
    );
    lab = await startRestApi({ hardened: false });
    const labHandler = router(restModules(false));
    // A slow twin: every answer takes 150 ms, so a scan is still running when it is canceled.
    slowLab = await startLab(async (req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      await labHandler(req, res);
    });
    receiver = await startReceiver();
    tokenA = await t.token("a");
    tokenB = await t.token("b");
  });
  afterAll(async () => {
    await t?.close();
    await lab?.close();
    await slowLab?.close();
    await receiver?.close();
    await pgDatabase?.drop();
  });

  it("refuses requests without a valid token with 401 and a JSON error", async () => {
    for (const token of [undefined, "rmp_not-a-real-token-0000"]) {
      const r = await t.api("GET", "/v1/scans", token);
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe("unauthorized");
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("rejects bad input with 400 (and oversized bodies with 413), each a JSON error", async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /target/],
      [{ target: "ftp://127.0.0.1/" }, /./],
      [{ target: lab.apiUrl, options: { budget: -1 } }, /options\.budget/],
      [{ target: lab.apiUrl, options: { surprise: true } }, /options/],
      [{ target: lab.apiUrl, spec: "/etc/passwd" }, /spec/],
      [{ target: lab.apiUrl, spec: "http://127.0.0.1:1/openapi.json" }, /spec/],
      ["{not json", /JSON/],
      [{ target: `${lab.apiUrl}?api_key=abc123` }, /credential/],
    ];
    for (const [body, message] of cases) {
      const r = await t.api("POST", "/v1/scans", tokenA, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.message).toMatch(message);
    }
    const huge = await t.api("POST", "/v1/scans", tokenA, { target: lab.apiUrl, spec: "x".repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("payload_too_large");
  });

  it("runs a scan submitted over the API: same rules as the CLI, SARIF too, a signed webhook, SSE progress", async () => {
    const hook = await t.api("POST", "/v1/webhooks", tokenA, {
      url: receiver.url,
      events: ["scan.completed", "finding.new"],
    });
    expect(hook.status).toBe(201);
    expect(hook.json.secret).toMatch(/^whsec_/);
    const listed = await t.api("GET", "/v1/webhooks", tokenA);
    expect(JSON.stringify(listed.json)).not.toContain(hook.json.secret);

    const submitted = await t.api("POST", "/v1/scans", tokenA, { target: lab.apiUrl, options: { seed: 7 } });
    expect(submitted.status).toBe(202);
    expect(submitted.json).toMatchObject({ status: "queued" });
    const id = submitted.json.id as string;

    // SSE, read the way the dashboard does: fetch with the Authorization header, streamed.
    const events = await fetch(`${t.service.url}/v1/scans/${id}/events`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(events.headers.get("content-type")).toMatch(/text\/event-stream/);
    const sse = await events.text();
    expect(sse).toMatch(/event: progress\ndata: \{"checksDone":\d+,"checksTotal":\d+,"requests":\d+,"status":"/);
    expect(sse).toMatch(/event: done\ndata: \{"status":"done","score":\d+,"grade":"[A-F]"\}/);

    const scan = await waitForScan(t, id, tokenA);
    expect(scan).toMatchObject({ id, target: lab.apiUrl, status: "done" });
    expect(scan.counts.high + scan.counts.critical).toBeGreaterThan(0);
    expect(scan.finishedAt).toBeTruthy();

    const report = await t.api("GET", `/v1/scans/${id}/report?format=json`, tokenA);
    expect(report.status).toBe(200);
    const cli = await run(process.execPath, [
      "bin/rampart.js",
      "scan",
      lab.apiUrl,
      "--format",
      "json",
      "--seed",
      "7",
      "-q",
    ]).catch((err: { stdout: string }) => err);
    const cliReport = JSON.parse(cli.stdout);
    const rules = (r: { findings: { ruleId: string }[] }) => [...new Set(r.findings.map((f) => f.ruleId))].sort();
    expect(rules(report.json)).toEqual(rules(cliReport));
    expect(report.json.findings.length).toBe(cliReport.findings.length);

    const sarif = await t.api("GET", `/v1/scans/${id}/report?format=sarif`, tokenA);
    expect(sarif.status).toBe(200);
    expect(sarif.headers.get("content-type")).toMatch(/application\/sarif\+json/);
    expect(sarif.json.version).toBe("2.1.0");
    expect(sarif.json.runs[0].results.length).toBe(report.json.findings.length);
    for (const format of ["html", "markdown", "junit"]) {
      const r = await t.api("GET", `/v1/scans/${id}/report?format=${format}`, tokenA);
      expect(r.status, format).toBe(200);
    }
    const html = await t.api("GET", `/v1/scans/${id}/report?format=html`, tokenA);
    expect(html.headers.get("content-security-policy")).toMatch(/sandbox/);
    expect((await t.api("GET", `/v1/scans/${id}/report?format=pdf`, tokenA)).status).toBe(400);

    await t.service.flushWebhooks();
    const completed = receiver.received.find((r) => JSON.parse(r.body).type === "scan.completed");
    expect(completed, "a scan.completed delivery").toBeDefined();
    const verified = new Webhook(hook.json.secret).verify(completed!.body, completed!.headers) as {
      data: { scan: { id: string; status: string } };
    };
    expect(verified.data.scan).toMatchObject({ id, status: "done" });
    expect(completed!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    // A forged body does not verify.
    expect(() => new Webhook(hook.json.secret).verify(`${completed!.body} `, completed!.headers)).toThrow();
    const log = await t.api("GET", `/v1/webhooks/${hook.json.id}/deliveries`, tokenA);
    expect(log.json.items.some((d: { status: string }) => d.status === "delivered")).toBe(true);

    // A second scan of the same target: nothing new, so no finding.new; the diff says so.
    const second = await t.api("POST", "/v1/scans", tokenA, { target: lab.apiUrl, options: { seed: 7 } });
    await waitForScan(t, second.json.id, tokenA);
    const diff = await t.api("GET", `/v1/diff?base=${id}&head=${second.json.id}`, tokenA);
    expect(diff.status).toBe(200);
    expect(diff.json.new).toEqual([]);
    expect(diff.json.unchanged.length).toBe(report.json.findings.length);
    await t.service.flushWebhooks();
    expect(receiver.received.filter((r) => JSON.parse(r.body).type === "finding.new")).toHaveLength(0);

    // Tenant isolation: b sees nothing of a's.
    const foreign = await t.api("GET", `/v1/scans/${id}`, tokenB);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found");
    expect((await t.api("GET", `/v1/scans/${id}/report`, tokenB)).status).toBe(404);
    expect((await t.api("DELETE", `/v1/scans/${id}`, tokenB)).status).toBe(404);
    expect((await t.api("GET", `/v1/diff?base=${id}&head=${second.json.id}`, tokenB)).status).toBe(404);
    expect((await t.api("GET", "/v1/scans", tokenB)).json.items).toEqual([]);
    const mine = await t.api("GET", "/v1/scans?limit=1", tokenA);
    expect(mine.json.items).toHaveLength(1);
    expect(Object.keys(mine.json.items[0]).sort()).toEqual(
      expect.arrayContaining(["id", "target", "status", "score", "grade", "counts", "createdAt", "finishedAt"]),
    );
    const next = await t.api("GET", `/v1/scans?limit=1&cursor=${mine.json.nextCursor}`, tokenA);
    expect(next.json.items[0].id).toBe(id);
    // A finished scan cannot be canceled.
    expect((await t.api("DELETE", `/v1/scans/${id}`, tokenA)).status).toBe(409);
  });

  it("applies triage: the JSON report marks the finding and counts leave it out", async () => {
    const submitted = await t.api("POST", "/v1/scans", tokenA, { target: lab.apiUrl });
    const before = await waitForScan(t, submitted.json.id, tokenA);
    const report = (await t.api("GET", `/v1/scans/${before.id}/report`, tokenA)).json;
    const finding = report.findings.find((f: { severity: string }) => f.severity === "high");
    const put = await t.api("PUT", `/v1/triage/${finding.fingerprint}`, tokenA, {
      ruleId: finding.ruleId,
      status: "false_positive",
      reason: "lab fixture",
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      fingerprint: finding.fingerprint,
      status: "false_positive",
      reason: "lab fixture",
    });
    expect(put.json.createdAt).toBeTruthy();
    expect(
      (await t.api("PUT", `/v1/triage/${finding.fingerprint}`, tokenA, { ruleId: "x", status: "meh" })).status,
    ).toBe(400);

    const after = (await t.api("GET", `/v1/scans/${before.id}`, tokenA)).json;
    expect(after.counts.high).toBe(before.counts.high - 1);
    const marked = (await t.api("GET", `/v1/scans/${before.id}/report`, tokenA)).json;
    expect(marked.extensions.triage[finding.fingerprint]).toEqual({ status: "false_positive", reason: "lab fixture" });
    expect((await t.api("GET", "/v1/triage", tokenA)).json.items).toHaveLength(1);
    // Tenant b's view of triage is its own.
    expect((await t.api("GET", "/v1/triage", tokenB)).json.items).toHaveLength(0);
    expect((await t.api("DELETE", `/v1/triage/${finding.fingerprint}`, tokenA)).status).toBe(204);
    expect((await t.api("GET", `/v1/scans/${before.id}`, tokenA)).json.counts.high).toBe(before.counts.high);
  });

  it("cancels a running scan, keeping its partial report", async () => {
    const submitted = await t.api("POST", "/v1/scans", tokenA, {
      target: `${slowLab.origin}/api/v1/users`,
      options: { concurrency: 1, deadline: 60 },
    });
    const id = submitted.json.id;
    for (let i = 0; i < 100; i++) {
      const r = await t.api("GET", `/v1/scans/${id}`, tokenA);
      if (r.json.status === "running" && r.json.progress?.requests > 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const del = await t.api("DELETE", `/v1/scans/${id}`, tokenA);
    expect(del.status).toBe(202);
    const scan = await waitForScan(t, id, tokenA);
    expect(scan.status).toBe("canceled");
    const report = (await t.api("GET", `/v1/scans/${id}/report`, tokenA)).json;
    expect(report.partial.reason).toMatch(/cancel/);
  });

  it("stores tokens hashed and keeps tokens and webhook secrets out of rows and logs", async () => {
    const dump = await t.dumpRows(["tokens", "webhooks", "deliveries", "scans"]);
    const logs = t.logs.join("");
    for (const secret of [tokenA, tokenB]) {
      expect(dump).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(dump).not.toContain("whsec_");
    expect(logs).not.toContain("whsec_");
  });

  it("serves health, readiness, metrics and its OpenAPI document; nothing else at /", async () => {
    expect((await t.api("GET", "/healthz")).json).toEqual({ status: "ok" });
    expect((await t.api("GET", "/readyz")).json.status).toBe("ready");
    const metrics = await t.api("GET", "/metrics");
    expect(metrics.text).toMatch(/rampart_scans_submitted_total \d+/);
    expect(metrics.text).toMatch(/rampart_scans\{status="done"\} \d+/);
    const doc = await t.api("GET", "/v1/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/v1/scans", "/v1/triage/{fingerprint}"]));
    const root = await t.api("GET", "/");
    expect(root.status).toBe(404);
    expect(root.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });
});
