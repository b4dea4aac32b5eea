import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-output-amplification.js";

describe("llm-output-amplification", () => {
  const bots = useLlmBots();
  it("flags repeat-forever output far above the baseline", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("medium");
    expect(f.evidence.detail).toMatch(/^3000 output tokens/);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
