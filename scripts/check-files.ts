import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const checksDir = path.join(root, "src/checks");

/** Check modules as `<category>/<id>.ts`; files starting with `_` are helpers, not checks. */
export function checkFiles(): string[] {
  const out: string[] = [];
  for (const category of readdirSync(checksDir).sort()) {
    const dir = path.join(checksDir, category);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_")) out.push(`${category}/${f}`);
    }
  }
  return out;
}
