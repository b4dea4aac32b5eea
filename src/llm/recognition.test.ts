/**
 * Recognition on LLM apps shaped unlike the lab's first bots: a route that ignores unknown
 * fields, a canned topic-locked bot, replies carrying provider evidence, a proxy that accepts
 * any bearer, a gateway that needs a model and lists none. Each is recognised and probed, or
 * the report says what was tried and which option helps.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as lab from "../../lab/llm/servers.js";
import { useLlmBots } from "../../test/lab-hooks.js";
import { findingsOf, LLM_CHECKS, llmFindings, recognisedOf, scanLlm } from "../../test/llm-testkit.js";
import { runScan } from "../engine/scan.js";
import { openapiEnricher } from "../openapi/enricher.js";
import { llmEnricher } from "./enricher.js";
import { llmExtension } from "./extension.js";
import { llmOption } from "./options.js";

const { start } = useLlmBots();
const only = (...ids: string[]) => LLM_CHECKS.filter((c) => ids.includes(c.meta.id));
const triedOf = (r: Awaited<ReturnType<typeof scanLlm>>) => llmExtension.read(r)?.tried ?? [];

describe("recognition that does not stop at the first 200", () => {
  it("goes on past fields the route ignores and keeps the one whose answers follow the input", async () => {
    const s = await start(lab.startFieldIgnoringBot());
    const report = await scanLlm(s.chatUrl, only("llm-prompt-injection"));
    const recognised = recognisedOf(report);
    expect(recognised).toMatchObject({ kind: "custom-json", replyPath: "output", answers: true });
    expect(recognised?.via).toMatch(/request field input; follows the input/);
    expect(triedOf(report).some((t) => /same text as an earlier field|same text to a different message/.test(t))).toBe(
      true,
    );
    expect(findingsOf(report, "llm-prompt-injection").length).toBeGreaterThan(0);
    expect(report.stats.llmRequests).toBeLessThanOrEqual(40);
  });

  it("probes a canned topic-locked bot and finds the injection it obeys", async () => {
    const s = await start(lab.startCannedBot());
    const report = await scanLlm(s.chatUrl, only("llm-prompt-injection", "llm-jailbreak"));
    expect(recognisedOf(report)).toMatchObject({ kind: "custom-json", canned: true, answers: true });
    const found = findingsOf(report, "llm-prompt-injection");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.confidence === "confirmed")).toBe(true);
  });

  it("takes model, usage and finish_reason in a reply as evidence of an LLM even when answers are identical", async () => {
    const s = await start(lab.startEvidenceBot());
    const report = await scanLlm(s.chatUrl, only("llm-model-disclosure", "llm-prompt-injection"));
    const recognised = recognisedOf(report);
    expect(recognised?.canned).toBeUndefined();
    expect(recognised?.evidence).toEqual(expect.arrayContaining(['model "gpt-4o-mini-2024-07-18"', "token usage"]));
    expect(recognised?.via).toMatch(/request field query; reply evidence/);
    expect(findingsOf(report, "llm-model-disclosure").length).toBe(1);
  });

  it("says what was tried and which option helps when nothing answers", async () => {
    const s = await start(lab.startHardenedBot());
    const report = await scanLlm(s.chatUrl, only("llm-prompt-injection"));
    const reason = report.coverage.find((c) => c.check === "llm-prompt-injection")?.reason ?? "";
    expect(reason).toMatch(/requires authentication \(status 401\)/);
    expect(reason).toMatch(/-H 'Authorization: Bearer/);
  });
});

describe("models on OpenAI-compatible gateways", () => {
  it("takes a model from the well-known ids of the provider the error text points at", async () => {
    const s = await start(lab.startModelGateway("provider"));
    const report = await scanLlm(s.chatUrl, only("llm-prompt-injection"));
    expect(recognisedOf(report)).toMatchObject({ kind: "openai-chat", model: lab.GATEWAY_MODEL });
    expect(recognisedOf(report)?.via).toMatch(/well-known together ids/);
    expect(findingsOf(report, "llm-prompt-injection").length).toBeGreaterThan(0);
  });

  it("takes a model named in the error text", async () => {
    const s = await start(lab.startModelGateway("list"));
    const report = await scanLlm(s.chatUrl, []);
    expect(recognisedOf(report)).toMatchObject({ model: "acme-chat-2" });
    expect(recognisedOf(report)?.via).toMatch(/model from the error text/);
  });

  it("uses --llm-model as given, and says to pass it when no id works", async () => {
    const s = await start(lab.startModelGateway("list"));
    const given = await scanLlm(s.chatUrl, [], { llm: { model: "acme-chat-2-mini" } });
    expect(recognisedOf(given)).toMatchObject({ model: "acme-chat-2-mini" });
    expect(given.stats.llmRequests).toBe(2);
    const wrong = await scanLlm(s.chatUrl, only("llm-prompt-injection"), { llm: { model: "no-such-model" } });
    expect(recognisedOf(wrong)).toBeNull();
    expect(report(wrong)).toMatch(/--llm-model <id>/);
  });
});

function report(r: Awaited<ReturnType<typeof scanLlm>>): string {
  return llmExtension.read(r)?.reason ?? "";
}

describe("the same seed, the same findings, on the new shapes", () => {
  it("is deterministic on the canned bot", async () => {
    const s = await start(lab.startCannedBot());
    const a = await scanLlm(s.chatUrl);
    const b = await scanLlm(s.chatUrl);
    const strip = (r: typeof a) => JSON.stringify(r.findings.map(({ reproduce: _, ...f }) => f));
    expect(strip(a)).toEqual(strip(b));
    expect(llmFindings(a).length).toBeGreaterThan(0);
  });
});

describe("--spec: operations whose body has a prompt-like field are LLM candidates", () => {
  it("finds the chat route of a spec when the scanned URL is the origin", async () => {
    const s = await start(lab.startFieldIgnoringBot());
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rampart-llm-spec-")), "openapi.json");
    const body = (props: Record<string, unknown>) => ({
      content: { "application/json": { schema: { type: "object", properties: props } } },
    });
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.0.3",
        info: { title: "assistant", version: "1" },
        paths: {
          "/api/orders": { post: { requestBody: body({ sku: { type: "string" } }), responses: { 200: {} } } },
          "/api/assistant": { post: { requestBody: body({ input: { type: "string" } }), responses: { 200: {} } } },
        },
      }),
    );
    const report = await runScan({
      url: `${s.origin}/`,
      checks: only("llm-prompt-injection"),
      seed: 7,
      enrichers: [openapiEnricher({ spec: file, discover: false }), llmEnricher()],
      layers: llmOption.entry({ tier: "quick" }),
      limits: { deadlineMs: 60_000 },
    });
    expect(recognisedOf(report)).toMatchObject({ kind: "custom-json", path: "/api/assistant" });
    expect(recognisedOf(report)?.via).toMatch(/^spec operation POST \/api\/assistant \(input\)/);
    expect(findingsOf(report, "llm-prompt-injection").length).toBeGreaterThan(0);
    // The operation without a prompt-like field was never posted to.
    expect(s.requests.some((r) => r.method === "POST" && r.url === "/api/orders")).toBe(false);
  });
});
