/**
 * The floors of the house (docs/architecture.md), enforced: production code imports only its own
 * floor or lower ones, never lab/, test/ or bench/, and no check borrows another category's
 * private `_` helper (a `_` file, or any file in a `_` folder such as `data-exposure/_exposure-pack/`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Floor of each top-level folder under src/ (higher may import lower, never the reverse). */
const FLOORS: Record<string, number> = {
  engine: 0,
  detect: 0,
  openapi: 1,
  llm: 1,
  checks: 2,
  report: 2,
  api: 3,
  server: 4,
  mcp: 4,
  guard: 4,
  cli: 5,
};
/** Folders that may import only these others (besides themselves). */
const ONLY: Record<string, string[]> = { guard: ["detect"] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative import specifiers of a file, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => path.normalize(path.join(path.dirname(file), s)));
}

const files = sourceFiles("src");
const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const top = (p: string) => p.split(path.sep)[1];

describe("architecture", () => {
  it("production code never imports lab/, test/, bench/ or scripts/", () => {
    const out = edges.filter(({ to }) => !to.startsWith(`src${path.sep}`) && !to.startsWith("node_modules"));
    expect(out.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("no import goes up a floor", () => {
    const up = edges.filter(({ from, to }) => {
      if (!to.startsWith(`src${path.sep}`)) return false;
      const [a, b] = [top(from), top(to)];
      if (a === b) return false;
      if (ONLY[a]) return !ONLY[a].includes(b);
      return (FLOORS[a] ?? -1) < (FLOORS[b] ?? 99);
    });
    expect(up.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("every folder under src/ has a floor", () => {
    const folders = readdirSync("src", { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.map((e) => e.name).filter((n) => FLOORS[n] === undefined)).toEqual([]);
  });

  it("folders inside a check category are private `_` helper folders (checks are files of the category)", () => {
    const nested = readdirSync(path.join("src", "checks"), { withFileTypes: true })
      .filter((c) => c.isDirectory())
      .flatMap((c) =>
        readdirSync(path.join("src", "checks", c.name), { withFileTypes: true })
          .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
          .map((e) => `src/checks/${c.name}/${e.name}`),
      );
    expect(nested).toEqual([]);
  });

  it("no check imports another category's private `_` helper", () => {
    const borrowed = edges.filter(({ from, to }) => {
      const [fa, ta] = [from.split(path.sep), to.split(path.sep)];
      return fa[1] === "checks" && ta[1] === "checks" && ta.length >= 4 && ta[3].startsWith("_") && fa[2] !== ta[2];
    });
    expect(borrowed.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});
