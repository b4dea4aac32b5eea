/** Runs the real CLI in-process and captures what it prints. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function rampart(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = "rampart-cli-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
