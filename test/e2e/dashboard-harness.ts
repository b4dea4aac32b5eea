/**
 * What the dashboard's browser tests need: a real `rampart serve` (from source, embedded SQLite in a
 * temp dir, targets on 127.0.0.1 allowed), a tenant token, the built dashboard, and Debian's Chromium
 * with every request and console message of the page recorded.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/rampart.js");
const ENV = { ...process.env, RAMPART_FROM_SOURCE: "1", NO_COLOR: "1" };

export { CHROMIUM };

/** Builds dist/web (vite + rules.json) so the service serves the dashboard as shipped. */
export async function buildDashboard(): Promise<void> {
  await run("npm", ["run", "--silent", "build:web"], { cwd: ROOT, env: ENV, timeout: 120_000 });
  if (!existsSync(path.join(ROOT, "dist/web/index.html"))) throw new Error("build:web wrote no dist/web/index.html");
}

export interface Service {
  url: string;
  dataDir: string;
  token(tenant: string): Promise<string>;
  close(): Promise<void>;
}

export async function startService(): Promise<Service> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rampart-dash-"));
  const token = async (tenant: string) => {
    const { stdout } = await run(process.execPath, [BIN, "token", "create", "--tenant", tenant, "--data", dataDir], {
      env: ENV,
      timeout: 60_000,
    });
    return stdout.trim().split("\n").pop() ?? "";
  };
  // Create the store (and a first token) before the service opens it.
  await token("setup");
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--data", dataDir, "--allow-target", "127.0.0.1", "--workers", "2"],
    { env: ENV, stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`rampart serve did not start:\n${log}`)), 60_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`rampart serve exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    dataDir,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\` (or set RAMPART_CHROMIUM)`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Requests that left the service's origin (data: and blob: URLs stay in the page). */
  offOrigin(): string[];
}

/** A page whose every request is recorded and where anything off `origin` is refused. */
export async function watchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    return new URL(url).origin === origin ? route.continue() : route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    requests.push(r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    errors.push(`pageerror: ${e.message}`);
  });
  const offOrigin = () =>
    requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);
  return { context, page, requests, errors, offOrigin };
}

/** Where screenshots go: docs/ when RAMPART_SCREENSHOTS=docs (to refresh the committed ones), else a temp dir. */
export function screenshotDir(): string {
  return process.env.RAMPART_SCREENSHOTS === "docs"
    ? path.join(ROOT, "docs")
    : mkdtempSync(path.join(tmpdir(), "rampart-dash-shots-"));
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, colour contrast included) on the page as rendered and
 * returns what it finds. Injected over the DevTools protocol, so the page's CSP stays as served.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) })))`);
}
