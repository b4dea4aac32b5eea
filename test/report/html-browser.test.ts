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
import { renderHtml } from "../../src/report/html.js";
import { FIXTURE_REPORT } from "./fixture.js";

const CHROMIUM = process.env.RAMPART_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

describe("html report in Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), "rampart-html-"));
  const file = path.join(dir, "rampart.html");

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\` (or set RAMPART_CHROMIUM)`,
      );
    writeFileSync(file, renderHtml(FIXTURE_REPORT));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(() => browser?.close());

  it("renders with no outgoing request, filters by severity and category, and screenshots", async () => {
    const fileUrl = pathToFileURL(file).href;
    const context = await browser.newContext({ offline: true });
    const requested: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requested.push(url);
      return url === fileUrl ? route.continue() : route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    const seen: string[] = [];
    page.on("request", (r) => {
      seen.push(r.url());
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => {
      errors.push(e.message);
    });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });

    await page.goto(fileUrl, { waitUntil: "load" });
    await page.waitForTimeout(300);
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

    expect(requested).toEqual([fileUrl]);
    expect(seen).toEqual([fileUrl]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
