import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-rate-limit.js";

describe("llm-rate-limit", () => {
  const bots = useLlmBots();
  it("flags a chat route that answers a burst without any rate-limit signal", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    expect(findingsOf(report, check.meta.id)[0].message).toMatch(/^5 chat requests sent at once/);
    expect(requestsOf(report, check.meta.id)).toBe(5);
    const h = await scanLlm(bots.hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(verdictOf(h, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
