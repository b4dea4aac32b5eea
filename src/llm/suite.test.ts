/**
 * The LLM suite end to end, against emulated LLM apps on 127.0.0.1: recognition of every shape,
 * echo-proofness, the hardened bot, tier budgets and timing, determinism, dry run, judge, stats.
 */
import { afterAll, describe, expect, it } from "vitest";
import { sendJson, startLab } from "../../lab/kit.js";
import { SHOPBOT_PROMPT } from "../../lab/llm/model.js";
import * as lab from "../../lab/llm/servers.js";
import { startRestApi } from "../../lab/rest/index.js";
import { HARDENED_AUTH, LLM_CHECKS, llmFindings, probesOf, recognisedOf, scanLlm } from "../../test/llm-testkit.js";
import { atLeast } from "../engine/finding.js";
import { dryRunPayloads } from "./dryrun.js";
import { llmExtension } from "./extension.js";
import { llmOptions } from "./options.js";

const started: lab.LlmLab[] = [];
async function start(p: Promise<lab.LlmLab>): Promise<lab.LlmLab> {
  const s = await p;
  started.push(s);
  return s;
}
afterAll(() => Promise.all(started.map((s) => s.close())));

describe("recognition of each shape", () => {
  const cases: [string, () => Promise<lab.LlmLab>, string, ((s: lab.LlmLab) => string)?][] = [
    ["OpenAI chat", () => lab.startPermissiveProxy(), "openai-chat"],
    ["OpenAI chat from the bare origin (/v1/models)", () => lab.startPermissiveProxy(), "openai-chat", (s) => s.url],
    ["OpenAI completions", () => lab.startPermissiveProxy(), "openai-completions", (s) => `${s.origin}/v1/completions`],
    ["OpenAI SSE stream ending [DONE]", () => lab.startStreamingBot(), "openai-chat"],
    ["Anthropic messages", () => lab.startAnthropicBot(), "anthropic-messages"],
    ["Ollama /api/chat", () => lab.startOllamaBot(), "ollama-chat"],
    ["Ollama from the bare origin (/api/tags)", () => lab.startOllamaBot(), "ollama-chat", (s) => s.url],
    ["Ollama /api/generate", () => lab.startOllamaBot(), "ollama-generate", (s) => `${s.origin}/api/generate`],
    ["TGI /generate", () => lab.startTgiBot(), "tgi-generate"],
    ["LangServe /invoke", () => lab.startLangServeBot(), "langserve-invoke"],
    ["Vercel AI SDK v4 data stream", () => lab.startVercelBot(4), "vercel-ai-v4"],
    ["Vercel AI SDK v5 UI message stream", () => lab.startVercelBot(5), "vercel-ai-v5"],
    ["home-made JSON {message} -> {reply}", () => lab.startNaiveBot(), "custom-json"],
    ["home-made JSON {question} -> {answer}", () => lab.startEncodedBypassBot(), "custom-json"],
  ];
  for (const [name, startIt, kind, urlOf] of cases) {
    it(name, async () => {
      const s = await start(startIt());
      const report = await scanLlm(urlOf ? urlOf(s) : s.chatUrl, []);
      const recognised = recognisedOf(report);
      expect(recognised?.kind).toBe(kind);
      expect(recognised?.answers).toBe(true);
      expect(report.stats.llmRequests).toBeLessThanOrEqual(7);
    });
  }

  it("keeps the scanned URL's query on every call (e.g. ?api-version=)", async () => {
    const s = await start(lab.startPermissiveProxy());
    const report = await scanLlm(
      `${s.chatUrl}?api-version=2024-10-21`,
      LLM_CHECKS.filter((c) => c.meta.id === "llm-prompt-injection"),
    );
    expect(recognisedOf(report)?.kind).toBe("openai-chat");
    const posts = s.requests.filter((r) => r.method === "POST");
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.every((r) => r.url.endsWith("?api-version=2024-10-21"))).toBe(true);
  });

  it("--llm-request / --llm-response override field discovery", async () => {
    const s = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(s.chatUrl, [], { llm: { request: { question: "{{prompt}}" }, response: "$.answer" } });
    expect(recognisedOf(report)).toMatchObject({ via: "--llm-request; follows the input", replyPath: "answer" });
    expect(report.stats.llmRequests).toBe(2);
  });
});

describe("targets that must stay quiet", () => {
  it("a plain REST API costs a handful of requests and gets no LLM finding", async () => {
    const api = await startRestApi({ hardened: false });
    try {
      const report = await scanLlm(api.apiUrl);
      expect(llmFindings(report)).toEqual([]);
      expect(report.stats.llmRequests ?? 0).toBeLessThanOrEqual(3);
    } finally {
      await api.close();
    }
  });

  it("an API that reflects its input gets no LLM finding, even with the shape forced", async () => {
    const s = await start(lab.startReflectingApi());
    const auto = await scanLlm(s.chatUrl);
    expect(llmFindings(auto)).toEqual([]);
    const forced = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { request: { message: "{{prompt}}" } } });
    expect(llmFindings(forced)).toEqual([]);
    // The forced scan did probe: every canary came back only as an echo.
    expect(
      probesOf(forced)
        .filter((p) => p.check === "llm-prompt-injection")
        .map((p) => p.verdict),
    ).toEqual(["resisted", "resisted", "resisted"]);
  });

  it("a server that answers every message with the same text is probed as canned and gets no LLM finding", async () => {
    const fixed = await startLab((_req, res) =>
      sendJson(res, 200, { reply: "Thank you for contacting us, an agent will reply soon." }),
    );
    try {
      const report = await scanLlm(`${fixed.origin}/api/chat`);
      expect(llmFindings(report)).toEqual([]);
      expect(recognisedOf(report)?.canned).toBe(true);
      // Probed, and the coverage says why a clean result proves little.
      const injection = report.coverage.find((c) => c.check === "llm-prompt-injection");
      expect(injection?.verdict).toBe("inconclusive");
      expect(injection?.reason).toMatch(/canned or topic-locked/);
    } finally {
      await fixed.close();
    }
  });

  it("the hardened bot (auth, rate limit, input cap, refusals) gets no high finding", async () => {
    const s = await start(lab.startHardenedBot());
    const report = await scanLlm(s.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(recognisedOf(report)).toBeTruthy();
    expect(report.findings.filter((f) => atLeast(f.severity, "high")).map((f) => f.message)).toEqual([]);
    const withoutKey = await scanLlm(s.chatUrl);
    expect(llmFindings(withoutKey)).toEqual([]);
  });

  it("the capped proxy gets no cost finding", async () => {
    const s = await start(lab.startCappedProxy());
    const report = await scanLlm(s.chatUrl, LLM_CHECKS, { headers: { authorization: `Bearer ${lab.CAPPED_KEY}` } });
    const cost = report.findings.filter((f) =>
      [
        "llm-model-override",
        "llm-max-tokens-uncapped",
        "llm-n-choices",
        "llm-tools-param",
        "llm-response-format",
        "llm-provider-param-leak",
        "llm-oversized-prompt",
        "llm-rate-limit",
      ].includes(f.ruleId),
    );
    expect(cost).toEqual([]);
    expect(report.findings.filter((f) => atLeast(f.severity, "high"))).toEqual([]);
  });
});

describe("budgets, timing, determinism", () => {
  it("quick tier: at most 40 requests and under 6 s against a target that answers in 200 ms", async () => {
    for (const s of [
      await start(lab.startPermissiveProxy({ delayMs: 200 })),
      await start(lab.startNaiveBot({ delayMs: 200 })),
      await start(lab.startFieldIgnoringBot({ delayMs: 200 })),
      await start(lab.startModelGateway("provider", { delayMs: 200 })),
    ]) {
      const t0 = Date.now();
      const report = await scanLlm(s.chatUrl);
      const ms = Date.now() - t0;
      expect(report.stats.llmRequests).toBeLessThanOrEqual(40);
      expect(s.requests.filter((r) => r.method === "POST").length).toBeLessThanOrEqual(40);
      expect(ms).toBeLessThan(6_000);
      expect(report.partial).toBeUndefined();
    }
  }, 60_000);

  it("standard and deep tiers send more, within their caps", async () => {
    const s = await start(lab.startPermissiveProxy());
    const standard = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { tier: "standard" } });
    const deep = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { tier: "deep" } });
    expect(standard.stats.llmRequests).toBeGreaterThan(40);
    expect(standard.stats.llmRequests).toBeLessThanOrEqual(120);
    expect(deep.stats.llmRequests).toBeGreaterThan(standard.stats.llmRequests as number);
    expect(deep.stats.llmRequests).toBeLessThanOrEqual(300);
  }, 30_000);

  it("the same seed gives identical findings and probe verdicts", async () => {
    const s = await start(lab.startNaiveBot());
    const a = await scanLlm(s.chatUrl);
    const b = await scanLlm((await start(lab.startNaiveBot())).chatUrl);
    // Everything but the replay command, which names the lab's port and the session id the server chose.
    const strip = (r: typeof a) =>
      JSON.stringify({ findings: r.findings.map(({ reproduce: _, ...f }) => f), probes: probesOf(r) });
    expect(strip(a)).toEqual(strip(b));
    const other = await scanLlm(s.chatUrl, LLM_CHECKS, { seed: 8 });
    expect(other.findings.map((f) => f.ruleId)).toEqual(a.findings.map((f) => f.ruleId));
  });

  it("hard caps on LLM requests and estimated tokens stop the suite; capped probes are never 'resisted'", async () => {
    const s = await start(lab.startNaiveBot());
    const few = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { maxRequests: 10 } });
    expect(few.stats.llmRequests).toBeLessThanOrEqual(10);
    const bigBefore = s.requests.filter((r) => r.body.length > 100_000).length;
    const tight = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { maxTokens: 3000 } });
    const probes = probesOf(tight);
    expect(probes.some((p) => p.verdict === "error")).toBe(true);
    // The 200 KB prompt alone is ~51 000 estimated tokens: it must not have been sent.
    expect(s.requests.filter((r) => r.body.length > 100_000).length).toBe(bigBefore);
    for (const c of tight.coverage.filter((e) => e.check.startsWith("llm-")))
      if (probes.some((p) => p.check === c.check && p.verdict === "error"))
        expect(["inconclusive", "fail"]).toContain(c.verdict);
  });

  it("--llm-max-tokens caps the completion tokens the suite makes the target generate", async () => {
    const s = await start(lab.startNaiveBot());
    const open = await scanLlm(s.chatUrl);
    const capped = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { maxCompletionTokens: 1500 } });
    expect(open.stats.llmCompletionTokens as number).toBeGreaterThan(5000);
    // One reply may run past the cap by what was reserved for it; never by a whole amplified answer.
    expect(capped.stats.llmCompletionTokens as number).toBeLessThanOrEqual(1500 + 256);
    expect(probesOf(capped).some((p) => p.verdict === "error")).toBe(true);
    const spend = llmExtension.read(capped)?.spend ?? { completionTokens: -1, estimatedCostUsd: 0 };
    expect(spend.completionTokens).toBe(capped.stats.llmCompletionTokens);
    expect(spend.estimatedCostUsd).toBeGreaterThan(0);
  });

  it("rate limiting makes probes inconclusive, never resisted", async () => {
    const s = await start(lab.startNaiveBot({ rateLimit: 2 }));
    const report = await scanLlm(
      s.chatUrl,
      LLM_CHECKS.filter((c) => c.meta.id === "llm-prompt-injection"),
    );
    const verdicts = probesOf(report).map((p) => p.verdict);
    expect(verdicts.length).toBe(3);
    // 429s (and the retries they cost, which can use up the check's budget) are never a resisted probe.
    expect(verdicts.every((v) => v === "inconclusive" || v === "error")).toBe(true);
    expect(verdicts).toContain("inconclusive");
    expect(report.coverage.find((c) => c.check === "llm-prompt-injection")?.verdict).toBe("inconclusive");
  }, 30_000);

  it("--dry-run builds every payload and sends nothing", async () => {
    const s = await start(lab.startNaiveBot());
    const lines: string[] = [];
    const payloads = await dryRunPayloads(
      s.chatUrl,
      { ...llmOptions({ layers: {} }), dryRun: true, print: (l) => lines.push(l) },
      7,
      LLM_CHECKS,
    );
    expect(s.requests).toEqual([]);
    expect(payloads.length).toBeGreaterThan(25);
    expect(lines).toEqual(payloads);
    expect(payloads.some((p) => p.includes("llm-prompt-injection: POST /api/chat"))).toBe(true);
  });

  it("a leak that opens with an apology is still a leak, and --system-prompt matches it exactly", async () => {
    const s = await start(lab.startNaiveBot());
    const report = await scanLlm(s.chatUrl, LLM_CHECKS, { llm: { systemPrompt: SHOPBOT_PROMPT } });
    const direct = report.findings.find(
      (f) => f.ruleId === "llm-system-prompt-leak" && f.message.includes("direct-request"),
    );
    expect(direct?.confidence).toBe("confirmed");
    expect(direct?.message).toMatch(/reproduces \d+% of the supplied system prompt/);
  });
});

describe("optional judge", () => {
  it("adds labelled judged verdicts; malformed judge output is inconclusive", async () => {
    const bot = await start(lab.startHardenedBot());
    for (const mode of ["sane", "malformed"] as const) {
      const judge = await start(lab.startLabJudge(mode));
      const report = await scanLlm(bot.chatUrl, LLM_CHECKS, {
        headers: HARDENED_AUTH,
        llm: { judgeUrl: judge.chatUrl },
      });
      const judged = probesOf(report).filter((p) => p.method === "judged");
      expect(judged.length).toBeGreaterThan(0);
      expect(new Set(judged.map((p) => p.verdict))).toEqual(new Set([mode === "sane" ? "resisted" : "inconclusive"]));
      expect(judge.requests.length).toBe(judged.length);
    }
  });
});
