/**
 * Opens the HTML report in headless Chromium (Debian's package), records every request the
 * page makes (and refuses all but the file itself), uses the filters and takes a screenshot.
 * Nothing here is skipped: without Chromium the test fails and says what to install.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { CHECKS } from "../../src/checks/index.js";
import { renderHtml } from "../../src/report/html.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.js";
import { scanWith } from "../harness.js";
import { FIXTURE_REPORT } from "./fixture.js";

describe("html report in Chromium", { timeout: 120_000 }, () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), "rampart-html-"));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\` (or set RAMPART_CHROMIUM)`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(() => browser?.close());

  /** Opens an HTML file with every request recorded, and all but the file itself refused. */
  async function open(html: string, name: string) {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const fileUrl = pathToFileURL(file).href;
    const context = await browser.newContext({ offline: true });
    const routed: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      routed.push(url);
      return url === fileUrl ? route.continue() : route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    const seen: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => {
      seen.push(r.url());
    });
    page.on("pageerror", (e) => {
      errors.push(e.message);
    });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(fileUrl, { waitUntil: "load" });
    await page.waitForTimeout(300);
    return { page, context, fileUrl, routed, seen, errors };
  }

  it("renders with no outgoing request, filters by severity and category, and screenshots", async () => {
    const { page, context, fileUrl, routed, seen, errors } = await open(renderHtml(FIXTURE_REPORT), "fixture.html");
    expect(await page.title()).toContain("Rampart report");
    const shown = () => page.locator("#shown").textContent();
    expect(await shown()).toBe("6");
    expect(await page.locator("details.finding:visible").count()).toBe(6);

    await page.locator('input[name="severity"][value="low"]').uncheck();
    expect(await shown()).toBe("4");
    await page.locator("#category").selectOption("bola");
    expect(await shown()).toBe("1");
    await page.locator("#category").selectOption("");
    await page.locator('input[name="severity"][value="low"]').check();
    expect(await shown()).toBe("6");

    // The hostile strings in the fixture are shown as text, never run as markup.
    await page.locator("details.finding").nth(1).locator("summary").click();
    expect(await page.locator("details.finding").nth(1).locator("strong").textContent()).toContain("<script>");
    expect(await page.locator("img").count()).toBe(0);

    const screenshot = path.join(process.env.RAMPART_ARTIFACTS ?? dir, "rampart-html-report.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);

    expect(routed).toEqual([fileUrl]);
    expect(seen).toEqual([fileUrl]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("renders a real lab scan with no outgoing request", async () => {
    const api = await startRestApi({ hardened: false });
    try {
      const report = await scanWith(CHECKS, api.apiUrl);
      expect(report.findings.length).toBeGreaterThan(0);
      const { page, context, fileUrl, routed, seen, errors } = await open(renderHtml(report), "lab.html");
      expect(await page.locator("details.finding").count()).toBe(report.findings.length);
      await page.locator("details.finding").first().locator("summary").click();
      expect(await page.locator("details.finding").first().locator("pre.curl").textContent()).toMatch(/^curl /);
      await page.screenshot({
        path: path.join(process.env.RAMPART_ARTIFACTS ?? dir, "rampart-html-lab.png"),
        fullPage: true,
      });
      expect(routed).toEqual([fileUrl]);
      expect(seen).toEqual([fileUrl]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await api.close();
    }
  });
});
