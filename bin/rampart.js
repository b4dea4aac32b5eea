#!/usr/bin/env node
// Runs the compiled CLI (what the package ships). In a source checkout without a build, or with
// RAMPART_FROM_SOURCE=1, it runs the TypeScript sources through tsx, a development dependency.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
let main;
if (existsSync(compiled) && !process.env.RAMPART_FROM_SOURCE) {
  ({ main } = await import(compiled.href));
} else {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write("rampart: dist/ is missing and tsx is not installed: run `npm run build` (or `npm ci`)\n");
    process.exit(70);
  }
  register();
  ({ main } = await import(new URL("../src/cli/main.ts", import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
