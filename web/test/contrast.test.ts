/**
 * The colour pairs of the stylesheet meet WCAG 2.2 AA: 4.5:1 for text. Read from styles.css
 * itself, so a colour changed there is checked here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Read from disk: vitest turns CSS imports, even `?raw`, into empty strings.
const css = readFileSync(new URL("../src/styles.css", import.meta.url), "utf8");

function rule(selector: string): Record<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?:^|\\n|,\\s*)${escaped}\\s*\\{([^}]*)\\}`).exec(css);
  if (!match) throw new Error(`no rule ${selector} in styles.css`);
  return Object.fromEntries(
    match[1]
      .split(";")
      .map((d) => d.split(":").map((p) => p.trim()))
      .filter((p) => p.length === 2 && p[0]),
  );
}

function variable(name: string): string {
  const match = new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
  if (!match) throw new Error(`no ${name}`);
  return match[1];
}

function colour(value: string): string {
  const v = value.startsWith("var(") ? variable(value.slice(4, -1)) : value;
  if (!/^#[0-9a-fA-F]{6}$/.test(v)) throw new Error(`not a #rrggbb colour: ${value}`);
  return v;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("colour contrast", () => {
  it("computes the WCAG ratio", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  const pairs: [string, string, string][] = [
    ["body text", variable("--text"), variable("--bg")],
    ["muted text on a card", variable("--muted"), variable("--card")],
    ["muted text on the page", variable("--muted"), variable("--bg")],
    ["links", variable("--accent"), variable("--card")],
    ["errors", variable("--poor"), variable("--card")],
    ["primary button", colour(rule("button.primary").color), colour(rule("button.primary").background)],
    ["top bar", colour(rule(".topbar").color), colour(rule(".topbar").background)],
    ["current page in the nav", "#ffffff", colour(rule('.topbar nav a[aria-current="page"]').background)],
    ["code blocks", colour(rule(".code").color), colour(rule(".code").background)],
    ["triage tags", colour(rule(".tag").color), colour(rule(".tag").background)],
    ...["critical", "high", "medium", "low", "info"].map((s): [string, string, string] => [
      `${s} badge`,
      colour(rule(`.sev-${s}`).color),
      colour(rule(`.sev-${s}`).background),
    ]),
    ...["A", "B", "C", "D", "F"].map((g): [string, string, string] => [
      `grade ${g}`,
      colour(rule(".grade").color),
      colour(rule(`.grade-${g}`).background),
    ]),
    ...["done", "failed", "queued"].map((s): [string, string, string] => [
      `status ${s}`,
      colour(rule(`.status-${s}`).color),
      colour(rule(`.status-${s}`).background),
    ]),
  ];
  it.each(pairs)("%s reaches 4.5:1", (_name, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it("draws a focus ring that stands out from the page (3:1 for non-text)", () => {
    expect(rule(":focus-visible").outline).toBe("3px solid var(--focus)");
    expect(contrast(variable("--focus"), variable("--bg"))).toBeGreaterThanOrEqual(3);
    expect(contrast(variable("--focus"), variable("--card"))).toBeGreaterThanOrEqual(3);
  });
});
