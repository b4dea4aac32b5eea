/**
 * `npm run bench:injection`: requests and wall time per parameter and per class on the injection
 * lab (vulnerable and hardened), a full CLI scan with the lab's spec in both tiers, and, when
 * Debian's sqlmap is installed, sqlmap `--batch --level 1 --risk 1` on the same SQL-injection
 * parameters. Everything runs against 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { INJECTION_SPEC, type InjectionLab, startInjectionLab } from "../lab/injection/app.js";
import { CHECKS } from "../src/checks/index.js";
import { main } from "../src/cli/main.js";
import type { Check } from "../src/engine/check.js";
import { runScan } from "../src/engine/scan.js";

/** One parameter per route, as a user would paste the URL. */
const ROUTES: { url: string; param: string; classes: string[] }[] = [
  { url: "/api/products/1", param: "id (path)", classes: ["injection-sql"] },
  { url: "/api/search?q=widget", param: "q", classes: ["injection-sql"] },
  { url: "/api/orders?status=shipped", param: "status", classes: ["injection-sql"] },
  { url: "/api/members?name=ada", param: "name", classes: ["injection-nosql"] },
  { url: "/api/greeting?name=sam", param: "name", classes: ["injection-template"] },
  { url: "/api/continue?next=%2Fapi%2Forders", param: "next", classes: ["open-redirect"] },
  { url: "/api/preferences?lang=en", param: "lang", classes: ["header-injection-crlf"] },
  { url: "/api/docs?file=readme.txt", param: "file", classes: ["path-traversal"] },
  { url: "/api/banner?title=Welcome", param: "title", classes: ["xss-reflected"] },
  { url: "/api/diagnostics/resolve?host=localhost", param: "host", classes: ["injection-os-command"] },
];
const SQLMAP_TARGETS = [
  { url: "/api/products/1*", param: "id (path)" },
  { url: "/api/search?q=widget", param: "q" },
  { url: "/api/orders?status=shipped", param: "status" },
];

const byId = (id: string): Check => {
  const c = CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

async function perParameter(lab: InjectionLab, hardened: boolean) {
  const rows = [];
  for (const route of ROUTES) {
    for (const id of route.classes) {
      const started = performance.now();
      const report = await runScan({ url: lab.origin + route.url, checks: [byId(id)], seed: 1, enabled: ["active"] });
      const ms = performance.now() - started;
      const found = report.findings.find((f) => f.ruleId === id);
      rows.push({
        twin: hardened ? "hardened" : "vulnerable",
        route: route.url.split("?")[0],
        param: route.param,
        class: id,
        requests: report.stats.byCheck[id] ?? 0,
        ms: Math.round(ms),
        verdict: found ? `${found.confidence}` : "none",
      });
    }
  }
  return rows;
}

/** The lab spec cut to its first `count` operations (the ten one-class routes come first). */
function specWith(count: number): string {
  const spec = parse(readFileSync(INJECTION_SPEC, "utf8"));
  spec.paths = Object.fromEntries(Object.entries(spec.paths).slice(0, count));
  const file = path.join(mkdtempSync(path.join(tmpdir(), "rampart-spec-")), "ten.yaml");
  writeFileSync(file, stringify(spec));
  return file;
}

async function fullScan(lab: InjectionLab, spec: string, ...flags: string[]) {
  let out = "";
  const started = performance.now();
  await main(["scan", `${lab.origin}/api/orders`, "--spec", spec, "--format", "json", "--quiet", ...flags], {
    stdout: (s) => {
      out += s;
    },
    stderr: () => undefined,
    isTTY: false,
  });
  const report = JSON.parse(out);
  const rules = new Set<string>(
    report.findings
      .map((f: { ruleId: string }) => f.ruleId)
      .filter((id: string) => /^(injection-|open-redirect|header-injection|path-traversal|xss-)/.test(id)),
  );
  return {
    spec: spec === INJECTION_SPEC ? "lab (all)" : "first 10 operations",
    flags: flags.join(" ") || "(default)",
    requests: report.stats.requests,
    injectionRequests: Object.entries(report.stats.byCheck as Record<string, number>)
      .filter(([id]) => /^(injection-|open-redirect|header-injection|path-traversal|xss-)/.test(id))
      .reduce((n, [, v]) => n + v, 0),
    wallMs: Math.round(performance.now() - started),
    injectionRules: [...rules].sort().join(", "),
    partial: report.partial?.reason ?? "",
  };
}

function sqlmap(url: string): Promise<{ ms: number; found: boolean }> {
  const out = mkdtempSync(path.join(tmpdir(), "rampart-sqlmap-"));
  const started = performance.now();
  const args = ["-u", url, "--batch", "--level", "1", "--risk", "1", "--flush-session", "--output-dir", out];
  return new Promise((resolve) =>
    execFile("sqlmap", args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (_err, stdout) => {
      rmSync(out, { recursive: true, force: true });
      resolve({
        ms: Math.round(performance.now() - started),
        found: /is vulnerable|appears to be .* injectable/.test(stdout),
      });
    }),
  );
}

async function compareWithSqlmap(lab: InjectionLab) {
  if (!["/usr/bin/sqlmap", "/usr/local/bin/sqlmap"].some((p) => existsSync(p))) {
    console.log("\nsqlmap not installed (apt-get install -y sqlmap): comparison skipped");
    return;
  }
  const rows = [];
  for (const t of SQLMAP_TARGETS) {
    const before = lab.requests.length;
    const s = await sqlmap(lab.origin + t.url);
    const sqlmapRequests = lab.requests.length - before;
    const rampartUrl = lab.origin + t.url.replace("*", "");
    const started = performance.now();
    const report = await runScan({ url: rampartUrl, checks: [byId("injection-sql")], seed: 1 });
    const ms = Math.round(performance.now() - started);
    const rampartRequests = report.stats.byCheck["injection-sql"] ?? 0;
    rows.push({
      param: t.param,
      "sqlmap requests": sqlmapRequests,
      "sqlmap ms": s.ms,
      "sqlmap found": s.found,
      "rampart requests": rampartRequests,
      "rampart ms": ms,
      "rampart found": report.findings.length > 0,
      "request ratio": (sqlmapRequests / Math.max(1, rampartRequests)).toFixed(1),
    });
  }
  console.log("\nsqlmap --batch --level 1 --risk 1 vs rampart injection-sql (same parameters, one URL each)");
  console.table(rows);
}

const vulnerable = await startInjectionLab({ hardened: false });
const hardened = await startInjectionLab({ hardened: true });
try {
  console.log("Per parameter and class (one URL, one check; the engine baseline is not counted)");
  console.table([...(await perParameter(vulnerable, false)), ...(await perParameter(hardened, true))]);
  const ten = specWith(10);
  console.log(
    `\nFull CLI scans with the lab spec (${Object.keys(parse(readFileSync(INJECTION_SPEC, "utf8")).paths).length} paths) and its first 10 operations, every check`,
  );
  const rows = [];
  for (const lab of [vulnerable, hardened])
    for (const spec of [ten, INJECTION_SPEC]) {
      rows.push({ twin: lab === vulnerable ? "vulnerable" : "hardened", ...(await fullScan(lab, spec)) });
      rows.push({
        twin: lab === vulnerable ? "vulnerable" : "hardened",
        ...(await fullScan(lab, spec, "--active", "--budget", "600")),
      });
    }
  console.table(rows);
  rmSync(path.dirname(ten), { recursive: true, force: true });
  await compareWithSqlmap(vulnerable);
} finally {
  await Promise.all([vulnerable.close(), hardened.close()]);
}
