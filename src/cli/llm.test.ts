/** The LLM layer through the real CLI: JSON report with stats.llmRequests, --dry-run, --no-llm, bad input. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOPBOT_PROMPT } from "../../lab/llm/model.js";
import { type LlmLab, startHardenedBot, startModelGateway, startNaiveBot } from "../../lab/llm/servers.js";
import { captureIo as capture } from "../../test/harness.js";
import { ScanReport } from "../engine/finding.js";
import { llmExtension } from "../llm/extension.js";
import { llmLayer } from "./llm.js";
import { main } from "./main.js";

describe("rampart scan: LLM layer", () => {
  let bot: LlmLab;
  beforeAll(async () => {
    bot = await startNaiveBot();
  });
  afterAll(() => bot.close());

  it("reports LLM findings and stats.llmRequests in the JSON report", async () => {
    const c = capture();
    const code = await main(["scan", bot.chatUrl, "--only", "llm", "--format", "json", "--llm-tier", "quick"], c.io);
    expect(code).toBe(1);
    const report = ScanReport.parse(JSON.parse(c.stdout()));
    expect(report.stats.llmRequests).toBeGreaterThan(10);
    expect(report.stats.llmRequests).toBeLessThanOrEqual(40);
    expect(report.findings.some((f) => f.ruleId === "llm-prompt-injection" && f.owasp.includes("LLM01:2025"))).toBe(
      true,
    );
    expect(report.extensions?.llm).toMatchObject({ recognised: { kind: "custom-json" } });
  });

  it("--system-prompt reads the owner's prompt for exact matching", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rampart-llm-")), "prompt.txt");
    writeFileSync(file, SHOPBOT_PROMPT);
    const c = capture();
    await main(
      ["scan", bot.chatUrl, "--only", "llm-system-prompt-leak", "--format", "json", "--system-prompt", file],
      c.io,
    );
    const report = ScanReport.parse(JSON.parse(c.stdout()));
    expect(report.findings.some((f) => f.confidence === "confirmed" && /supplied system prompt/.test(f.message))).toBe(
      true,
    );
  });

  it("--dry-run prints every payload and sends nothing", async () => {
    const before = bot.requests.length;
    const lines: string[] = [];
    const layer = llmLayer((l) => lines.push(l));
    expect(await layer.apply({ dryRun: true, llmTier: "quick" }, { target: bot.chatUrl, seed: 3 })).toBe("done");
    expect(bot.requests.length).toBe(before);
    expect(lines.filter((l) => l.includes(": POST /api/chat")).length).toBeGreaterThanOrEqual(25);
    // Through main too: exit 0 and nothing reaches the target.
    const c = capture();
    expect(await main(["scan", bot.chatUrl, "--dry-run"], c.io)).toBe(0);
    expect(bot.requests.length).toBe(before);
  });

  it("--llm-model names the model a gateway needs; --llm-max-tokens caps what the suite makes it generate", async () => {
    const gateway = await startModelGateway("list");
    try {
      const c = capture();
      await main(
        [
          "scan",
          gateway.chatUrl,
          "--only",
          "llm",
          "--format",
          "json",
          "--llm-model",
          "acme-chat-2-mini",
          "--llm-max-tokens",
          "600",
        ],
        c.io,
      );
      const report = ScanReport.parse(JSON.parse(c.stdout()));
      const llm = llmExtension.read(report);
      expect(llm?.recognised?.model).toBe("acme-chat-2-mini");
      expect(llm?.spend.completionTokens).toBeLessThanOrEqual(600 + 256);
      expect(report.stats.llmCompletionTokens).toBe(llm?.spend.completionTokens);
      expect(report.coverage.some((e) => /--llm-max-tokens\) reached/.test(e.reason ?? ""))).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it("the terminal summary says what answered, or what was tried and which option helps", async () => {
    const ok = capture();
    await main(["scan", bot.chatUrl, "--only", "llm-prompt-injection"], ok.io);
    expect(ok.stdout()).toMatch(
      /LLM: custom-json at \/api\/chat via request field message; follows the input; \d+ requests, \d+ prompt \+ \d+ completion tokens/,
    );
    const locked = await startHardenedBot();
    try {
      const c = capture();
      await main(["scan", locked.chatUrl, "--only", "llm-prompt-injection"], c.io);
      expect(c.stdout()).toMatch(
        /LLM: not recognised: \/api\/chat requires authentication \(status 401\): pass one with -H/,
      );
    } finally {
      await locked.close();
    }
  });

  it("--no-llm leaves LLM endpoints alone", async () => {
    const before = bot.requests.filter((r) => r.method === "POST").length;
    const c = capture();
    await main(["scan", bot.chatUrl, "--only", "llm", "--format", "json", "--no-llm"], c.io);
    expect(bot.requests.filter((r) => r.method === "POST").length).toBe(before);
  });

  it("bad LLM options are usage errors (exit 64)", async () => {
    for (const args of [
      ["--llm-request", "{not json"],
      ["--llm-request", '{"q":"no placeholder"}'],
      ["--llm-tier", "huge"],
      ["--judge-url", "ftp://x"],
      ["--llm-max-tokens", "0"],
      ["--llm-max-tokens", "lots"],
      ["--llm-model", "two words"],
    ]) {
      const c = capture();
      expect(await main(["scan", bot.chatUrl, ...args], c.io), args.join(" ")).toBe(64);
    }
  });
});
