/** rampart/guard stays light: its runtime import graph holds only src/guard, src/detect and libraries. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
/** Imports that survive compilation (`import type` and `type`-only lists are erased). */
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;

function runtimeGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(RUNTIME_IMPORT)) {
      const spec = m[1];
      // `import { type A, type B } from` is erased too.
      if (/\{\s*(?:type\s+\w+\s*,?\s*)+\}/.test(m[0])) continue;
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")));
      else
        packages.add(
          spec.startsWith("node:")
            ? "node:"
            : spec
                .split("/")
                .slice(0, spec.startsWith("@") ? 2 : 1)
                .join("/"),
        );
    }
  };
  visit(entry);
  return { files, packages };
}

it("src/guard imports only src/guard, src/detect and its libraries", () => {
  const { files, packages } = runtimeGraph(path.join(root, "src/guard/index.ts"));
  const outside = [...files].map((f) => path.relative(root, f)).filter((f) => !/^src\/(guard|detect)\//.test(f));
  expect(outside).toEqual([]);
  expect([...packages].sort()).toEqual([
    "gpt-tokenizer",
    "ioredis",
    "node:",
    "pino",
    "rate-limiter-flexible",
    "undici",
    "yaml",
    "zod",
  ]);
});

it("docs/guard.md holds the current finding → guard setting table", async () => {
  const { guardFixesTable } = await import("../../src/detect/guard-fixes.js");
  // Compared cell by cell: the formatter pads the columns.
  const cells = (text: string) =>
    text
      .split("\n")
      .filter((l) => /^\|\s*`/.test(l))
      .map((l) =>
        l
          .split("|")
          .map((c) => c.trim())
          .join("|"),
      );
  const docs = cells(readFileSync(path.join(root, "docs/guard.md"), "utf8"));
  expect(docs).toEqual(cells(guardFixesTable()));
});
