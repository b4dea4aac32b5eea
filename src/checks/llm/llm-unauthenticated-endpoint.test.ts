import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "./_testkit.js";
import check from "./llm-unauthenticated-endpoint.js";

describe("llm-unauthenticated-endpoint", () => {
  const bots = useLlmBots();
  it("flags an LLM answering without credentials, as critical", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("critical");
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
