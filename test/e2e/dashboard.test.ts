/**
 * The dashboard as a person uses it: Debian's Chromium against a real `rampart serve` and the lab's
 * REST API on 127.0.0.1. Every request the page makes is recorded (anything off the service's
 * origin is refused and fails the test) and so is every console error.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import {
  accessibilityViolations,
  buildDashboard,
  launchChromium,
  type Service,
  screenshotDir,
  startService,
  type WatchedPage,
  watchedPage,
} from "./dashboard-harness.js";

const SCAN_WAIT_MS = 120_000;
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("dashboard in Chromium", { timeout: 300_000 }, () => {
  let service: Service;
  let lab: RestApi;
  let browser: Browser;
  let token: string;
  let watched: WatchedPage;
  const shots = screenshotDir();
  // Secrets shown on the page (a webhook's signing secret) are masked in screenshots.
  // Every page that gets a screenshot is also checked by axe-core: no WCAG A/AA violation.
  const shot = async (name: string) => {
    await watched.page.screenshot({
      path: path.join(shots, `dashboard-${name}.png`),
      fullPage: true,
      mask: [watched.page.locator("[data-secret]")],
    });
    expect({ page: name, violations: await accessibilityViolations(watched.page) }).toEqual({
      page: name,
      violations: [],
    });
  };

  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${service.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    await buildDashboard();
    [service, lab, browser] = await Promise.all([startService(), startRestApi({ hardened: false }), launchChromium()]);
    token = await service.token("acme");
    watched = await watchedPage(browser, service.url);
    await watched.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: service.url });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([service?.close(), lab?.close()]);
  });

  it("refuses a wrong token with a message and keeps nothing", async () => {
    const other = await watchedPage(browser, service.url);
    try {
      await other.page.goto(`${service.url}/`);
      await other.page.getByLabel("API token").fill("rmp_not-a-real-token");
      await other.page.getByRole("button", { name: "Sign in" }).click();
      await other.page.getByRole("alert").filter({ hasText: "That token was not accepted." }).waitFor();
      expect(await other.page.evaluate<number>("sessionStorage.length")).toBe(0);
      // Chromium logs every 4xx response as a console error; that one is the only error allowed here.
      expect(other.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      expect(other.offOrigin()).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it("ships a small bundle: one script and one stylesheet, React's production build", () => {
    const assets = readdirSync(path.join(ROOT, "dist/web/assets"));
    const bytes = (ext: string) =>
      assets
        .filter((f) => f.endsWith(ext))
        .reduce((n, f) => n + statSync(path.join(ROOT, "dist/web/assets", f)).size, 0);
    expect(assets.filter((f) => f.endsWith(".js"))).toHaveLength(1);
    expect(assets.filter((f) => f.endsWith(".css"))).toHaveLength(1);
    expect(bytes(".js")).toBeLessThan(320_000);
    expect(bytes(".css")).toBeLessThan(20_000);
    const html = readFileSync(path.join(ROOT, "dist/web/index.html"), "utf8");
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("signs in, scans a lab target with live progress, lists findings and opens one with evidence and curl", async () => {
    const { page } = watched;
    await page.goto(`${service.url}/`);
    await shot("sign-in");
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();

    // A target the service refuses is reported on the form, in the service's words, and nothing starts.
    await page.getByLabel("Target URL").fill("ftp://127.0.0.1/files");
    await page.getByRole("button", { name: "Start scan" }).click();
    await page.locator(".start-scan").getByRole("alert").waitFor();
    expect(await page.locator(".start-scan [role=alert]").textContent()).toMatch(/\S/);
    expect((await api<{ items: unknown[] }>("GET", "/v1/scans")).items).toHaveLength(0);
    // Chromium logs the refused request's 4xx status as a console error: that one line, and nothing else.
    expect(watched.errors).toEqual([expect.stringMatching(/status of 400/)]);
    watched.errors.length = 0;

    await page.getByLabel("Target URL").fill(lab.apiUrl);
    await page.getByRole("button", { name: "Start scan" }).click();
    // Live progress from the SSE stream, then the grade once the scan is done.
    await page.getByRole("heading", { level: 1, name: lab.apiUrl }).waitFor();
    const grade = page.getByRole("img", { name: /^Grade [A-F]$/ });
    await grade.waitFor({ timeout: SCAN_WAIT_MS });
    const scanId = decodeURIComponent(new URL(page.url()).hash.split("/")[2]);
    const scan = await api<{ status: string; grade: string; score: number }>("GET", `/v1/scans/${scanId}`);
    expect(scan.status).toBe("done");
    // The progress came over the scan's event stream (read with fetch: it carries the bearer token).
    expect(watched.requests).toContain(`${service.url}/v1/scans/${scanId}/events`);
    expect(await grade.textContent()).toBe(scan.grade);
    expect(await page.locator(".score-value").textContent()).toBe(String(scan.score));

    const table = page.getByRole("table", { name: "Findings grouped by rule" });
    await table.waitFor();
    await table.getByRole("columnheader", { name: "Severity" }).waitFor();
    const report = await api<{ findings: { ruleId: string; severity: string }[] }>(
      "GET",
      `/v1/scans/${scanId}/report?format=json`,
    );
    expect(report.findings.length).toBeGreaterThan(0);
    const rules = new Set(report.findings.map((f) => f.ruleId));
    expect(await table.locator("tbody tr.group-row").count()).toBe(rules.size);
    // Worst first: the first row carries the report's worst severity.
    const worst = ["critical", "high", "medium", "low", "info"].find((s) =>
      report.findings.some((f) => f.severity === s),
    );
    expect(await table.locator("tbody tr.group-row").first().locator(".badge").textContent()).toBe(worst);
    await shot("scan");

    // Reports in other formats download from the page (fetched with the token, saved from a blob).
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download SARIF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`rampart-${scanId}.sarif`);
    const sarif = JSON.parse(readFileSync((await download.path()) ?? "", "utf8")) as {
      version: string;
      runs: unknown[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);

    // Filter by severity through the labelled select.
    await page.getByLabel("Severity", { exact: true }).selectOption("info");
    const infoRules = new Set(report.findings.filter((f) => f.severity === "info").map((f) => f.ruleId));
    expect(await table.locator("tbody tr.group-row").count()).toBe(infoRules.size);
    await page.getByLabel("Severity", { exact: true }).selectOption("");

    // Expand a grouped rule when there is one, then open a finding.
    const firstToggle = table.getByRole("button", { name: /^Show \d+ instances of/ }).first();
    if ((await firstToggle.count()) > 0) {
      const toggle = table.locator(`[aria-controls="${await firstToggle.getAttribute("aria-controls")}"]`);
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      await toggle.press("Enter");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      await toggle.press("Enter");
    }
    await table.getByRole("link").first().click();
    await page.getByRole("heading", { name: "Evidence" }).waitFor();
    const curl = page.locator("pre.curl");
    expect(await curl.textContent()).toMatch(/^curl /);
    await page.getByRole("button", { name: "Copy the curl command" }).click();
    await page.getByText("Copied", { exact: true }).waitFor();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(await curl.textContent());
    await page.getByRole("heading", { name: "Remediation" }).waitFor();
    await shot("finding");

    // Triage it as an accepted risk; the service stores it for the tenant.
    await page.getByLabel("Accepted risk").check();
    await page.getByLabel("Reason").fill("internal test host, fixed upstream");
    await page.getByRole("button", { name: "Save triage" }).click();
    await page.getByText(/Triage saved/).waitFor();
    const triage = await api<{ items: { status: string; reason: string; fingerprint: string }[] }>("GET", "/v1/triage");
    expect(triage.items).toHaveLength(1);
    expect(triage.items[0]).toMatchObject({ status: "accepted_risk", reason: "internal test host, fixed upstream" });
    const fingerprint = decodeURIComponent(new URL(page.url()).hash.split("/")[4]);
    expect(triage.items[0].fingerprint).toBe(fingerprint);

    // The tenant's triage list has it, with its reason.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Triage" }).click();
    await page.getByRole("cell", { name: "internal test host, fixed upstream" }).waitFor();
    await shot("triage");
    await page.goBack();
    await page.getByRole("heading", { name: "Evidence" }).waitFor();

    // The rule's documentation opens on the same origin.
    await page.getByRole("link", { name: /^Rule documentation for / }).click();
    await page.getByRole("heading", { name: "Remediation" }).waitFor();

    // Back on the scan, the triaged finding is tagged and can be hidden.
    await page.goBack();
    await page.goBack();
    await table.waitFor();
    const tagged = table.locator(".tag:visible", { hasText: /^(accepted risk|1 triaged)$/ });
    await tagged.waitFor();
    const rowsBefore = await table.locator("tbody tr.group-row").count();
    const shownBefore = await page.getByText(/^\d+ of \d+ findings/).textContent();
    await page.getByLabel("Show triaged findings").uncheck();
    expect(await page.getByText(/^\d+ of \d+ findings/).textContent()).not.toBe(shownBefore);
    expect(await table.locator("tbody tr.group-row").count()).toBeLessThanOrEqual(rowsBefore);
    await page.getByLabel("Show triaged findings").check();

    expect(watched.errors).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
  });

  it("compares two scans and draws the score trend of the target", async () => {
    const { page } = watched;
    const second = await api<{ id: string }>("POST", "/v1/scans", {
      target: lab.apiUrl,
      // A narrower rescan, as after fixes: most findings are gone, so the diff and the trend both move.
      options: { seed: 2, only: ["transport-plain-http", "headers-content-type-options", "cache-control-sensitive"] },
    });
    const deadline = Date.now() + SCAN_WAIT_MS;
    for (;;) {
      const s = await api<{ status: string }>("GET", `/v1/scans/${second.id}`);
      if (s.status === "done") break;
      if (s.status === "failed" || Date.now() > deadline) throw new Error(`second scan ended ${s.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const list = await api<{ items: { id: string; status: string }[] }>("GET", "/v1/scans?status=done");
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    const [head, base] = list.items;

    await page.getByRole("link", { name: "Compare", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: "Compare scans" }).waitFor();
    await page.getByLabel("Base scan (before)").selectOption(base.id);
    await page.getByLabel("Head scan (after)").selectOption(head.id);
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await page.getByText(/Score drift/).waitFor();
    const diff = await api<{ new: unknown[]; fixed: unknown[]; unchanged: unknown[] }>(
      "GET",
      `/v1/diff?base=${base.id}&head=${head.id}`,
    );
    for (const [name, items] of [
      ["New", diff.new],
      ["Fixed", diff.fixed],
      ["Unchanged", diff.unchanged],
    ] as const)
      await page.getByRole("heading", { name: `${name} (${items.length})` }).waitFor();
    expect(diff.fixed.length).toBeGreaterThan(0);
    await shot("compare");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trend" }).click();
    const chart = page.getByRole("img", { name: /^Score trend for .*: 2 scans/ });
    await chart.waitFor();
    expect(await chart.locator("circle").count()).toBe(2);
    await shot("trend");

    expect(watched.errors).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
  });

  it("adds and deletes schedules and webhooks, showing the webhook secret once", async () => {
    const { page } = watched;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Schedules" }).click();
    await page.getByLabel("Target URL").fill(lab.apiUrl);
    await page.getByLabel("Cron expression").fill("15 4 * * 1");
    await page.getByRole("button", { name: "Add schedule" }).click();
    await page.getByRole("cell", { name: "15 4 * * 1" }).waitFor();
    expect((await api<{ items: unknown[] }>("GET", "/v1/schedules")).items).toHaveLength(1);
    await shot("schedules");
    await page.getByRole("button", { name: `Delete the schedule for ${lab.apiUrl}` }).click();
    await page.getByText("No schedules.").waitFor();
    expect((await api<{ items: unknown[] }>("GET", "/v1/schedules")).items).toHaveLength(0);

    await nav.getByRole("link", { name: "Webhooks" }).click();
    // A receiver on 127.0.0.1 that accepts every delivery.
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(req.headers["webhook-id"] as string);
      req.resume();
      req.on("end", () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/rampart`;
    await page.getByLabel("Endpoint URL").fill(hookUrl);
    await page.getByLabel("finding.new").check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = page.locator("#secret-title + p + pre");
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await page.getByRole("cell", { name: "scan.completed, finding.new" }).waitFor();
    const hooks = await api<{ items: { url: string; events: string[]; secret?: string }[] }>("GET", "/v1/webhooks");
    expect(hooks.items).toEqual([expect.objectContaining({ url: hookUrl, events: ["scan.completed", "finding.new"] })]);
    expect(hooks.items[0].secret).toBeUndefined();

    // A finished scan is delivered, and the delivery shows in the webhook's log.
    const quick = await api<{ id: string }>("POST", "/v1/scans", {
      target: lab.apiUrl,
      options: { only: ["transport-plain-http"] },
    });
    for (let tries = 0; received.length === 0; tries++) {
      if (tries > 300) throw new Error(`no delivery for scan ${quick.id}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.getByText("Delivery log").click();
    await page.getByText(/scan\.completed: delivered \(HTTP 204\)/).waitFor({ timeout: 30_000 });
    await shot("webhooks");
    await page.getByRole("button", { name: `Delete the webhook to ${hookUrl}` }).click();
    await page.getByText("No webhooks.").waitFor();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));

    // A domain for public targets: its verification token is shown to publish. (Verify is not
    // pressed: the service would then look the host up, and tests talk to 127.0.0.1 only.)
    await nav.getByRole("link", { name: "Domains" }).click();
    await page.getByLabel("Host name").fill("api.example.test");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("cell", { name: "api.example.test", exact: true }).waitFor();
    const domains = await api<{ items: { host: string; token: string; verified: boolean }[] }>("GET", "/v1/domains");
    expect(domains.items).toEqual([expect.objectContaining({ host: "api.example.test", verified: false })]);
    await page.getByText(domains.items[0].token, { exact: true }).waitFor();
    await page.getByRole("cell", { name: "not verified", exact: true }).waitFor();
    await shot("domains");

    expect(watched.errors).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
  });

  it("signs out, and signs in again from the keyboard alone with a visible focus ring", async () => {
    const { page } = watched;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API token").waitFor();
    expect(await page.evaluate<number>("sessionStorage.length")).toBe(0);

    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.id")).toBe("token");
    await page.keyboard.type(token);
    await page.keyboard.press("Tab");
    // Browser-side code as a string: the test project is type-checked without the DOM library.
    const focused = await page.evaluate(`(() => {
      const style = getComputedStyle(document.activeElement);
      return { text: document.activeElement.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    })()`);
    expect(focused).toEqual({ text: "Sign in", outline: "solid", width: "3px" });
    await page.keyboard.press("Enter");
    // Signing in again returns to the page that was open.
    await page.getByRole("heading", { level: 1, name: "Domains" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scans" }).click();
    await page.getByRole("heading", { level: 1, name: "Scans" }).waitFor();
    expect(await page.evaluate<string>('sessionStorage.getItem("rampart.token")')).toBe(token);
    await page.getByRole("table", { name: "Scans, newest first" }).waitFor();
    await shot("scans");

    expect(watched.errors).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
    // Everything the page loaded came from the service: the app, its one script and stylesheet, the API.
    expect(watched.requests.some((u) => /\/assets\/.+\.js$/.test(u))).toBe(true);
  });

  it("follows a running scan's progress live and cancels it", async () => {
    const { page } = watched;
    // Five requests a second keeps the scan running long enough to watch it.
    const slow = await api<{ id: string }>("POST", "/v1/scans", { target: lab.apiUrl, options: { seed: 3, rps: 5 } });
    await page.goto(`${service.url}/#/scans/${slow.id}`);
    await page.getByRole("progressbar", { name: "Scan progress" }).waitFor();
    const line = page.getByText(/^Running · checks \d+\/\d+ · \d+ requests$/);
    await line.waitFor({ timeout: 30_000 });
    const requestsSeen = async () => Number(/(\d+) requests/.exec((await line.textContent()) ?? "")?.[1]);
    const first = await requestsSeen();
    // The numbers move without a reload: they come from the event stream.
    for (let tries = 0; (await requestsSeen()) <= first; tries++) {
      if (tries > 100) throw new Error(`progress stuck at ${first} requests`);
      await page.waitForTimeout(200);
    }
    await shot("progress");
    await page.getByRole("button", { name: "Cancel scan" }).click();
    await page.locator(".summary .status", { hasText: /^canceled$/ }).waitFor({ timeout: 60_000 });
    expect((await api<{ status: string }>("GET", `/v1/scans/${slow.id}`)).status).toBe("canceled");
    expect(await page.getByRole("progressbar").count()).toBe(0);

    expect(watched.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
  });

  it("fits a phone-sized screen without sideways scrolling of the page", async () => {
    const { page } = watched;
    const [scan] = (await api<{ items: { id: string }[] }>("GET", "/v1/scans?status=done")).items;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${service.url}/#/scans/${scan.id}`);
      await page.getByRole("table", { name: "Findings grouped by rule" }).waitFor();
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await shot("narrow");
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(watched.errors).toEqual([]);
    expect(watched.offOrigin()).toEqual([]);
  });
});
