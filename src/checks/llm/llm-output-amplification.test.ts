import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-output-amplification.js";

describe("llm-output-amplification", () => {
  const bots = useLlmBots();
  it("flags repeat-forever output far above the baseline", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("medium");
    expect(f.evidence.detail).toMatch(/^3000 output tokens/);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
