/**
 * The proof loop: the real scanner (the CLI's main) finds cost abuse, the missing rate limit,
 * the 200 KB prompt, any-bearer auth and the system-prompt leak on the weak lab app, and finds
 * none of them through the guard, while a benign conversation still gets its answer. Findings
 * are keyed through GUARD_FIXES, the table the docs and the checks' remediation use.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GUARD_LAB_KEY,
  labPolicy,
  startGuardedApp,
  startWeakApp,
  type WeakAppOptions,
} from "../../lab/guard/weak-app.js";
import type { LabServer } from "../../lab/kit.js";
import { main } from "../../src/cli/main.js";
import type { ScanReport } from "../../src/engine/finding.js";
import { GUARD_FIXES, guardFixesFor } from "../../src/guard/index.js";
import { llmExtension } from "../../src/llm/extension.js";

const dir = mkdtempSync(path.join(tmpdir(), "rampart-guard-proof-"));
const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false };

/** What the proof covers: rule (and probe) → the guard setting that must make it disappear. */
const PROVEN = [
  ["llm-model-override", undefined],
  ["llm-max-tokens-uncapped", undefined],
  ["llm-n-choices", undefined],
  ["llm-auth-any-bearer", undefined],
  ["llm-rate-limit", undefined],
  ["llm-oversized-prompt", undefined],
  ["llm-system-prompt-leak", undefined],
  ["llm-output-handling", undefined],
  ["auth-invalid-token-accepted", undefined],
] as const;

async function scan(url: string, token: string, name: string): Promise<ScanReport> {
  const file = path.join(dir, `${name}.json`);
  const only = [...new Set(PROVEN.map(([rule]) => rule))].join(",");
  const code = await main(
    [
      "scan",
      url,
      "--auth",
      `bearer:${token}`,
      "--only",
      only,
      "--format",
      "json",
      "--output",
      file,
      "--fail-on",
      "none",
      "-q",
    ],
    quiet,
  );
  expect(code).toBe(0);
  return JSON.parse(readFileSync(file, "utf8")) as ScanReport;
}

type Choice = { message?: { content?: string }; delta?: { content?: string } };

/** The answer's text, from a JSON completion or joined from an SSE stream. */
async function answerText(res: Response): Promise<string> {
  const text = await res.text();
  if (!res.headers.get("content-type")?.includes("text/event-stream"))
    return (JSON.parse(text) as { choices: Choice[] }).choices[0].message?.content ?? "";
  return text
    .split("\n\n")
    .filter((e) => e.startsWith("data: {"))
    .map((e) => (JSON.parse(e.slice(6)) as { choices: Choice[] }).choices[0]?.delta?.content ?? "")
    .join("");
}

const probes = (r: ScanReport) => llmExtension.read(r)?.probes ?? [];

/** Whether the report holds the finding: per probe for multi-probe rules, per rule otherwise. */
function found(r: ScanReport, rule: string, probe: string | undefined): boolean {
  if (!r.findings.some((f) => f.ruleId === rule)) return false;
  return (
    probe === undefined || probes(r).some((p) => p.check === rule && p.probe === probe && p.verdict === "vulnerable")
  );
}

/** Two shapes of the weak app: JSON answers, and an app that streams every answer (filtered as it flows). */
const VARIANTS: [string, WeakAppOptions, readonly (readonly [string, string | undefined])[]][] = [
  ["JSON answers", {}, PROVEN],
  // The scanner's SSE parser reads choice 0 only, so n > 1 is invisible to it on a stream (a scanner
  // limitation, not a guard one): that row is proven on the JSON twin above.
  ["streamed answers", { alwaysStream: true }, PROVEN.filter(([rule]) => rule !== "llm-n-choices")],
];

describe.each(VARIANTS)("the proof loop: weak app direct vs behind the guard (%s)", (variant, appOptions, proven) => {
  let app: LabServer;
  let guarded: Awaited<ReturnType<typeof startGuardedApp>>;
  let direct: ScanReport;
  let through: ScanReport;

  beforeAll(async () => {
    app = await startWeakApp(appOptions);
    guarded = await startGuardedApp(labPolicy(), app);
    // The weak app takes any bearer; the guard only its own caller key.
    const tag = variant.replace(/\W+/g, "-");
    direct = await scan(`${app.origin}/`, "whatever-token-4821", `direct-${tag}`);
    through = await scan(`${guarded.proxy.url}/`, GUARD_LAB_KEY, `guarded-${tag}`);
  }, 120_000);
  afterAll(async () => {
    await guarded?.close();
    await app?.close();
  });

  it("every proven finding has a guard setting in the mapping", () => {
    for (const [rule, probe] of PROVEN)
      expect(GUARD_FIXES.some((f) => f.ruleId === rule && f.probe === probe)).toBe(true);
  });

  for (const [rule, probe] of proven) {
    const setting = () => GUARD_FIXES.find((f) => f.ruleId === rule && f.probe === probe)!.setting;
    it(`${rule}${probe ? ` (${probe})` : ""}: found directly, gone behind the guard`, () => {
      expect(found(direct, rule, probe), `direct scan should find ${rule}`).toBe(true);
      expect(found(through, rule, probe), `still found behind the guard (${setting()})`).toBe(false);
      // Gone because the check ran and was answered, not because it could not run.
      const coverage = through.coverage.find((c) => c.check === rule);
      expect(coverage?.verdict).not.toBe("skipped");
    });
  }

  it("the LLM findings' remediation names the guard setting", () => {
    for (const f of direct.findings.filter((x) => x.category === "llm" && guardFixesFor(x.ruleId).length))
      for (const fix of guardFixesFor(f.ruleId)) expect(f.remediation).toContain(fix.setting);
  });

  it("a benign conversation still works through the guard, and unknown keys get 401", async () => {
    const ask = (key: string) =>
      fetch(`${guarded.proxy.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          messages: [
            { role: "user", content: "Hi there, what time does the morning ferry leave?" },
            { role: "assistant", content: "Which harbour are you leaving from?" },
            { role: "user", content: "From the north pier, thanks. Please say hello in five words." },
          ],
        }),
      });
    const ok = await ask(GUARD_LAB_KEY);
    expect(ok.status).toBe(200);
    expect(await answerText(ok)).toBe("Hello there, happy to help!");
    const refused = await ask("gk_lab_caller_0c4e9a71d3");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
  });
});
