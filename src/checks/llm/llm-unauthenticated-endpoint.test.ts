import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-unauthenticated-endpoint.js";

describe("llm-unauthenticated-endpoint", () => {
  const bots = useLlmBots();
  it("flags an LLM answering without credentials, as critical", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("critical");
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
