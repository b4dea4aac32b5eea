import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-tools-exposed.js";

describe("llm-tools-exposed", () => {
  const bots = useLlmBots();
  it("reports the application's own tool calls coming back to the client", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id)[0].message).toContain("lookup_order");
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
