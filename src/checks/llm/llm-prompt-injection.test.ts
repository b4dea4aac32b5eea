import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-prompt-injection.js";

describe("llm-prompt-injection", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags every injection family on the naive bot, with the derived nonce as evidence", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check, { llm: { tier: "standard" } });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.title.split(": ")[1]).sort()).toEqual([
      "few-shot poisoning",
      "instruction override",
      "instruction override (chat-template markers)",
      "nested instructions",
      "translation-wrapped injection",
    ]);
    expect(found.every((f) => f.severity === "high" && f.evidence.excerpt)).toBe(true);
    expectNotCutAtCap(report, check);
  });

  it("does not flag the bot that refuses plain attacks", async () => {
    const encoded = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(encoded.chatUrl, check, { llm: { tier: "standard" } });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
