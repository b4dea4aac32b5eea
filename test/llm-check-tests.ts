/** The quiet case every LLM check test has: nothing on the hardened bot, and within the check's request budget. */
import { expect, it } from "vitest";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "../src/checks/llm/_testkit.js";
import type { Check } from "../src/engine/check.js";
import type { LlmBots } from "./lab-hooks.js";

/** Scans the hardened bot with `checks` (default: the check alone) and expects nothing from `check`. */
export function itStaysQuietOnHardenedBot(check: Check, bots: LlmBots, checks: Check | readonly Check[] = check): void {
  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, checks, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
}
