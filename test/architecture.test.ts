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

function sourceFiles(dir: string, tests = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p, tests);
    return /\.tsx?$/.test(e.name) && /\.test\.tsx?$/.test(e.name) === tests ? [p] : [];
  });
}

/** Code lines of a file: comments and the text of string literals left out (crudely, but enough here). */
function codeLines(file: string): { line: number; code: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ line: i + 1, code: text.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""') }))
    .filter(({ code }) => !/^\s*(\/\/|\*|\/\*)/.test(code));
}

/** Import cycles: strongly connected components of more than one module (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
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

  it("no import cycle among modules of src/, lab/ and the test kit (type-only and lazy imports included)", () => {
    const modules = [...files, ...sourceFiles("lab"), ...sourceFiles("test")];
    const graph = new Map(modules.map((f) => [f, importsOf(f).map((to) => to.replace(/\.js$/, ".ts"))]));
    expect(cyclesOf(graph)).toEqual([]);
  });

  it("layer options, artefacts and report extensions are read through their typed keys, never a cast", () => {
    const seams = path.join("src", "engine", "seams.ts");
    const raw = files
      .filter((f) => f !== seams)
      .flatMap((f) =>
        codeLines(f)
          .filter(
            ({ code }) =>
              /\blayers(\?\.|\.)(?!entry\b|read\b)[a-z]\w*|\blayers(\?\.)?\[/.test(code) ||
              /\bextensions(\?\.|\.)\w+|\bextensions(\?\.)?\[/.test(code) ||
              /\bartefacts\.(get|set)\([^)]*["'`]/.test(code) ||
              /\b(layers|artefacts|extensions|meta\?\.openapi)\b.*\bas\s+(?!const\b)[\w{(]/.test(code),
          )
          .map(({ line, code }) => `${f}:${line}: ${code.trim()}`),
      );
    expect(raw).toEqual([]);
  });

  it("no test asserts that a check stayed within its request cap (the client refuses request cap + 1)", () => {
    const tautologies = [
      ...sourceFiles("src", true),
      ...sourceFiles("test", true),
      ...sourceFiles("lab", true),
    ].flatMap((f) =>
      codeLines(f)
        .filter(({ code }) =>
          /(requestsOf|requests|tlsConnections|byCheck)\b.*toBeLessThanOrEqual\([^)]*maxRequests/.test(code),
        )
        .map(({ line, code }) => `${f}:${line}: ${code.trim()}`),
    );
    expect(tautologies).toEqual([]);
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

  it("`rampart --help` loads no schema library: nothing main.ts imports statically imports zod", () => {
    /** Static runtime imports (not `import type`, not lazy `import()`), relative ones resolved. */
    const staticImports = (file: string) =>
      [...readFileSync(file, "utf8").matchAll(/^import\s+(?!type\s)[^;]*?from\s+["']([^"']+)["']/gm)].map((m) =>
        m[1].startsWith(".") ? path.normalize(path.join(path.dirname(file), m[1])).replace(/\.js$/, ".ts") : m[1],
      );
    const seen = new Set<string>();
    const queue = [path.join("src", "cli", "main.ts")];
    const zodUsers: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() ?? "";
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of staticImports(file)) {
        if (spec === "zod") zodUsers.push(file);
        else if (spec.startsWith("src")) queue.push(spec);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    expect(zodUsers).toEqual([]);
  });

  it("no check imports another category's private `_` helper", () => {
    const borrowed = edges.filter(({ from, to }) => {
      const [fa, ta] = [from.split(path.sep), to.split(path.sep)];
      return fa[1] === "checks" && ta[1] === "checks" && ta.length >= 4 && ta[3].startsWith("_") && fa[2] !== ta[2];
    });
    expect(borrowed.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});
