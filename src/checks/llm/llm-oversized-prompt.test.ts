import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, HARDENED_AUTH, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-oversized-prompt.js";

describe("llm-oversized-prompt", () => {
  const bots = useLlmBots();
  it("flags a 200 KB prompt answered with 200; the hardened bot answers 413", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    expect(findingsOf(report, check.meta.id)[0].evidence.detail).toMatch(/^request body 20\d{4} bytes/);
    const h = await scanLlm(bots.hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(verdictOf(h, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
