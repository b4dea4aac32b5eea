/** The system-package step says what it does, and fails in one line when apt cannot reach its sources. */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDir } from "./report/cli.js";

const SCRIPT = path.resolve(import.meta.dirname, "../scripts/ci-setup.sh");

/** Runs the script with stub `id` and `apt-get` first on PATH: no package source is ever contacted. */
async function setup(aptGet: string, uid = "0") {
  const bin = path.join(tempDir("rampart-ci-setup-"), "bin");
  mkdirSync(bin);
  const stub = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  stub("id", `echo ${uid}`);
  stub("apt-get", aptGet);
  try {
    const r = await promisify(execFile)("bash", [SCRIPT], {
      env: { PATH: `${bin}:/usr/bin:/bin`, RAMPART_CHROMIUM: "/nonexistent/chromium" },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, bin };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, bin };
  }
}

describe("scripts/ci-setup.sh", () => {
  it("fails with one line naming the unreachable package source", async () => {
    const r = await setup(
      `[ "$1" = update ] && { echo "Err:1 http://deb.debian.org/debian bookworm InRelease"; echo "  Temporary failure resolving 'deb.debian.org'"; exit 100; }; exit 0`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/installing Debian's chromium \(only for test\/report\/html-browser\.test\.ts\)/);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ci-setup: cannot reach the Debian package sources \(apt-get update failed: Err:1 /);
  });

  it("installs chromium alone, without upgrades", async () => {
    const r = await setup(`echo "apt-get $*" >> "$(dirname "$0")/calls"; exit 0`);
    const calls = readFileSync(path.join(r.bin, "calls"), "utf8").trim().split("\n");
    expect(calls).toEqual([
      "apt-get update -qq",
      "apt-get install -y -qq --no-install-recommends --no-upgrade chromium",
    ]);
  });

  it("says what to do without root", async () => {
    const r = await setup("exit 0", "1000");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ci-setup: chromium is missing \(needed by the HTML report browser test\)/);
  });
});
