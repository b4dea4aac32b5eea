/** Outputs, config-file options, proxy, verbose, colour and help of `rampart scan`, against lab servers. */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { wantsColour } from "../../src/cli/report.js";
import { ScanReport } from "../../src/engine/finding.js";
import { rampart, tempDir } from "../report/cli.js";

/** A forward proxy on 127.0.0.1 (absolute-form requests and CONNECT tunnels) that counts what it relays. */
async function startProxy(): Promise<{ url: string; relayed: string[]; close(): Promise<void> }> {
  const relayed: string[] = [];
  const server = http.createServer((req, res) => {
    relayed.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "/");
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    relayed.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    relayed,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let api: RestApi;
beforeAll(async () => {
  api = await startRestApi({ hardened: false });
});
afterAll(() => api.close());

/** A short scan of the lab (inventory checks, gate off) with extra arguments. */
function scanInventory(...extra: string[]) {
  return rampart("scan", api.apiUrl, "--only", "inventory", "--fail-on", "none", ...extra);
}

describe("rampart scan outputs", () => {
  it("refuses several formats on stdout, naming --output-dir, before any request", async () => {
    const before = api.requests.length;
    const run = await rampart("scan", api.apiUrl, "--format", "json,sarif");
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^rampart: error: 2 formats \(json, sarif\) cannot all go to stdout; use --output-dir/);
    expect(run.stdout).toBe("");
    expect(api.requests.length).toBe(before);
  });

  it("takes --output - as stdout", async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const run = await scanInventory("--format", "json", "--output", "-");
      expect(run.code).toBe(0);
      expect(ScanReport.parse(JSON.parse(run.stdout)).tool.name).toBe("rampart");
      expect(existsSync(path.join(dir, "-"))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it("refuses a bad output place before any request, as a usage error", async () => {
    const dir = tempDir();
    const file = path.join(dir, "a-file");
    writeFileSync(file, "x");
    const before = api.requests.length;
    for (const [args, message] of [
      [["--output", path.join(dir, "missing", "scan.json")], /--output .*: no such folder/],
      [["--output", dir], /is a folder; give a file name/],
      [["--output-dir", path.join(file, "reports")], /is a file, not a folder/],
      [["--output-dir", "/proc/rampart-x"], /--output-dir \/proc\/rampart-x: /],
    ] as const) {
      const started = Date.now();
      const run = await rampart("scan", api.apiUrl, "--format", "json", ...args);
      expect(run.code, args.join(" ")).toBe(64);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    expect(api.requests.length).toBe(before);
  });
});

describe("rampart scan options", () => {
  it("takes every scan option from .rampart.yaml, and flags override it", async () => {
    const dir = tempDir();
    const config = path.join(dir, "rampart.yaml");
    const out = path.join(dir, "scan.json");
    writeFileSync(
      config,
      [
        `target: ${api.apiUrl}`,
        "only: inventory",
        "formats: [json]",
        "fail-on: low",
        "budget: 40",
        "seed: 7",
        `output: ${out}`,
      ].join("\n"),
    );
    const fromFile = await rampart("scan", "--config", config);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(/gate failed: \d+ finding\(s\) at low or above/);
    const report = ScanReport.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(report.seed).toBe(7);
    expect(report.stats.requests).toBeLessThanOrEqual(40);
    const inventoryOnly = await scanInventory("--format", "json");
    expect(report.coverage.map((c) => c.check)).toEqual(
      ScanReport.parse(JSON.parse(inventoryOnly.stdout)).coverage.map((c) => c.check),
    );
    // A flag wins over the file.
    const flagged = await rampart("scan", "--config", config, "--fail-on", "none", "--seed", "9");
    expect(flagged.code).toBe(0);
    expect(ScanReport.parse(JSON.parse(readFileSync(out, "utf8"))).seed).toBe(9);
    // A bad value names the file and the key, before any request.
    writeFileSync(config, `target: ${api.apiUrl}\nbudget: zero\n`);
    const bad = await rampart("scan", "--config", config);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/rampart\.yaml: budget: --budget takes a whole number/);
    writeFileSync(config, `target: ${api.apiUrl}\nfail-on: severe\n`);
    expect((await rampart("scan", "--config", config)).stderr).toMatch(/fail-on: takes one of critical, high/);
  });

  it("sends every request through --proxy, and through HTTP_PROXY unless NO_PROXY names the host", async () => {
    const proxy = await startProxy();
    try {
      const before = api.requests.length;
      const run = await scanInventory("--proxy", proxy.url);
      expect(run.code).toBe(0);
      expect(api.requests.length).toBeGreaterThan(before);
      // Requests arrive as absolute-form requests or inside CONNECT tunnels, all for the scanned host.
      expect(proxy.relayed.length).toBeGreaterThan(0);
      const host = new URL(api.origin).host;
      for (const line of proxy.relayed) expect(line).toMatch(new RegExp(`^(CONNECT ${host}|\\w+ http://${host}/)`));

      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
      process.env.HTTP_PROXY = proxy.url;
      try {
        const viaEnv = proxy.relayed.length;
        expect((await scanInventory()).code).toBe(0);
        expect(proxy.relayed.length).toBeGreaterThan(viaEnv);
        process.env.NO_PROXY = "127.0.0.1";
        const excepted = proxy.relayed.length;
        expect((await scanInventory()).code).toBe(0);
        expect(proxy.relayed.length).toBe(excepted);
      } finally {
        for (const [k, v] of Object.entries(saved))
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
      }
      const bad = await rampart("scan", api.apiUrl, "--proxy", "socks5://127.0.0.1:1");
      expect(bad.code).toBe(64);
      expect(bad.stderr).toMatch(/--proxy takes an http:\/\/ or https:\/\/ URL/);
      const halfCert = await rampart("scan", api.apiUrl, "--tls-cert", "cert.pem");
      expect(halfCert.stderr).toMatch(/--tls-cert and --tls-key go together/);
      const missingCa = await rampart("scan", api.apiUrl, "--tls-ca", path.join(tempDir(), "none.pem"));
      expect(missingCa.stderr).toMatch(/--tls-ca .*none\.pem: no such file/);
    } finally {
      await proxy.close();
    }
  });

  it("-v logs each request line on stderr, with credentials masked", async () => {
    const token = "verbose-secret-token-1234567890";
    const run = await scanInventory("-v", "--auth", `query:api_key:${token}`);
    expect(run.code).toBe(0);
    const lines = run.stderr.split("\n").filter((l) => / -> \d{3} \d+ ms \(/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(
      /^rampart: (GET|HEAD|OPTIONS) http:\/\/127\.0\.0\.1:\d+\/\S* -> \d{3} \d+ ms \([a-z0-9-]+\)$/,
    );
    expect(run.stderr).not.toContain(token);
  });

  it("groups scan --help by topic, with examples, formats and severities", async () => {
    const run = await rampart("scan", "--help");
    expect(run.code).toBe(0);
    for (const heading of [
      "Output:",
      "Gate:",
      "Selection:",
      "Limits:",
      "Network:",
      "OpenAPI:",
      "Examples:",
      "Exit codes:",
    ])
      expect(run.stdout).toContain(heading);
    expect(run.stdout).toMatch(/formats: summary, json, sarif,\s+junit, markdown, html, table/);
    expect(run.stdout).toContain("Severities: critical, high, medium, low, info");
  });

  it("colours per NO_COLOR, FORCE_COLOR and TERM=dumb", () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ NO_COLOR: "1" }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: "" }, true)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: "0" }, true)).toBe(true);
    expect(wantsColour({ TERM: "dumb" }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
  });
});
