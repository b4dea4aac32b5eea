import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-tools-exposed.js";

describe("llm-tools-exposed", () => {
  const bots = useLlmBots();
  it("reports the application's own tool calls coming back to the client", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id)[0].message).toContain("lookup_order");
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
