#!/usr/bin/env node
// Runs the compiled CLI when it is built (fast start), otherwise the TypeScript sources through tsx.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
let main;
if (existsSync(compiled) && !process.env.RAMPART_FROM_SOURCE) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(new URL("../src/cli/main.ts", import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
