/**
 * The package as a user gets it: `npm pack` (the build runs at prepack), installed into an empty
 * folder with production dependencies only, then `rampart --help`, a scan of a lab server and
 * the GitHub Action's entry point, all from the installed copy.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { largeSpec } from "../bench/large-spec.js";
import { sendJson, startLab } from "../lab/kit.js";
import { type RestApi, startRestApi } from "../lab/rest/index.js";
import { tempDir } from "./report/cli.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

async function bestOf(times: number, command: string, args: string[], cwd: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run(command, args, { cwd });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe("the npm package", () => {
  const dir = tempDir("rampart-pack-");
  const app = path.join(dir, "app");
  let files: string[] = [];
  let api: RestApi;

  beforeAll(async () => {
    api = await startRestApi({ hardened: false });
    const { stdout } = await run("npm", ["pack", "--pack-destination", dir, "--json"], { cwd: ROOT });
    // The prepack build prints first (vite's lines may start with "["): npm's JSON is the array of objects after it.
    const json = stdout.slice(stdout.search(/^\[\s*\{/m));
    const packed = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
    files = packed[0].files.map((f) => f.path);
    mkdirSync(app);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    await run(
      "npm",
      ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", path.join(dir, packed[0].filename)],
      { cwd: app },
    );
  }, 240_000);
  afterAll(() => api.close());

  it("ships the compiled CLI, its docs and schemas, and nothing of the repository's tests or lab", () => {
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("bin/rampart.js");
    expect(files).toContain("docs/checks.md");
    expect(files).toContain("docs/report.schema.json");
    expect(files.filter((f) => /\.test\.|^(lab|bench|test|src|scripts|\.ci)\//.test(f))).toEqual([]);
  });

  it("installs without tsx or unused packages and answers --help fast", async () => {
    const modules = path.join(app, "node_modules");
    expect(existsSync(path.join(modules, "tsx"))).toBe(false);
    expect(existsSync(path.join(modules, "esbuild"))).toBe(false);
    const bin = path.join(modules, ".bin", "rampart");
    const { stdout } = await run(bin, ["--help"], { cwd: app });
    expect(stdout).toMatch(/Usage: rampart/);
    // Node's own start-up is most of it on a busy machine: compare with a bare `node`.
    const help = await bestOf(9, bin, ["--help"], app);
    const bare = await bestOf(9, process.execPath, ["-e", "0"], app);
    console.log(`rampart --help: ${help.toFixed(0)} ms (bare node: ${bare.toFixed(0)} ms)`);
    expect(help - bare).toBeLessThan(150);
  }, 60_000);

  it("scans a lab server from the installed copy, and runs the Action's entry point", async () => {
    const bin = path.join(app, "node_modules", ".bin", "rampart");
    const { stdout } = await run(
      bin,
      ["scan", api.apiUrl, "--only", "inventory", "--format", "json", "--output", "-", "--fail-on", "none"],
      { cwd: app },
    );
    const report = JSON.parse(stdout) as { tool: { name: string }; coverage: unknown[] };
    expect(report.tool.name).toBe("rampart");
    expect(report.coverage.length).toBeGreaterThan(0);

    const output = path.join(app, "github-output.txt");
    writeFileSync(output, "");
    await run(process.execPath, [path.join(app, "node_modules/rampart/dist/cli/github-action.js")], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: app,
        GITHUB_OUTPUT: output,
        INPUT_URL: api.apiUrl,
        INPUT_FAIL_ON: "none",
      },
    });
    expect(readFileSync(output, "utf8")).toMatch(/^exit-code=0$/m);
    expect(existsSync(path.join(app, "rampart-report", "rampart.sarif"))).toBe(true);
  }, 120_000);

  it("scans a 10,000-operation spec in under 300 MB, with a summary that fits a screen", async () => {
    const lab = await startLab((req, res) =>
      /^\/resource\d+(\/\d+)?$/.test(req.path) ? sendJson(res, 200, { id: 1 }) : sendJson(res, 404, { error: "nope" }),
    );
    try {
      const spec = path.join(dir, "large.json");
      writeFileSync(spec, JSON.stringify(largeSpec(10_000)));
      const bin = path.join(app, "node_modules", "rampart", "bin", "rampart.js");
      // The installed CLI in a wrapper that reports its peak memory on exit.
      const wrapper = `process.on("exit", () => process.stderr.write("maxrss=" + process.resourceUsage().maxRSS + "\\n")); process.argv.splice(1, 0, "rampart"); await import(${JSON.stringify(`file://${bin}`)});`;
      const { stdout, stderr } = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          wrapper,
          "scan",
          `${lab.origin}/api`,
          "--spec",
          spec,
          "--fail-on",
          "none",
          "--deadline",
          "60",
        ],
        { cwd: app, maxBuffer: 64 * 1024 * 1024 },
      );
      const peakMb = Number(/maxrss=(\d+)/.exec(stderr)?.[1]) / 1024;
      console.log(
        `10,000-operation spec: peak RSS ${peakMb.toFixed(0)} MB, ${stdout.split("\n").length} summary lines`,
      );
      expect(peakMb).toBeLessThan(300);
      const lines = stdout.trimEnd().split("\n");
      expect(lines.length).toBeLessThan(60);
      expect(lines.at(-1)).toMatch(/^Total: \d+ findings .* · grade [A-F]$/);
      expect(stdout).toContain("paths under / (no servers in the spec: paths resolve against the origin");
    } finally {
      await lab.close();
    }
  }, 120_000);
});
