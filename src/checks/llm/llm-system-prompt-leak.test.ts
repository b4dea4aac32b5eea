import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import { EXTRACTION_PROBES } from "../../llm/probes/leak.js";
import check from "./llm-system-prompt-leak.js";

describe("llm-system-prompt-leak", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags the naive bot, whose leaks open with an apology", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    const found = findingsOf(report, check.meta.id);
    expect(found.length).toBe(3);
    expect(found.every((f) => f.severity === "high")).toBe(true);
    expect(found.find((f) => f.message.includes("direct-request"))?.evidence.excerpt).toMatch(/shopbot/);
    const { PLANTED_KEY } = await import("../../../lab/llm/model.js");
    expect(JSON.stringify(report)).not.toContain(PLANTED_KEY);
    // The direct request went out in one of its phrasings.
    const direct = EXTRACTION_PROBES[0].prompts.map((p) => JSON.stringify(p).slice(1, -1));
    expect(bots.naive.requests.some((r) => direct.some((p) => r.body.includes(p)))).toBe(true);
  });

  it("does not flag a bot with a bespoke refusal that never leaks", async () => {
    const encoded = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(encoded.chatUrl, check, { llm: { tier: "deep" } });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
