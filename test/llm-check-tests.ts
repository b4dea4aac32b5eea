/** The quiet case every LLM check test has: nothing on the hardened bot, and within the check's request budget. */
import { expect, it } from "vitest";
import { startCappedProxy } from "../lab/llm/servers.js";
import type { Check } from "../src/engine/check.js";
import { expectNotCutAtCap } from "./check-tester.js";
import type { LlmBots } from "./lab-hooks.js";
import { CAPPED_AUTH, findingsOf, HARDENED_AUTH, scanLlm } from "./llm-testkit.js";

/**
 * Scans the hardened bot with `checks` (default: the check alone) and expects nothing from `check`,
 * and a real verdict: a check that crashed or skipped has not shown the bot is safe.
 */
export function itStaysQuietOnHardenedBot(check: Check, bots: LlmBots, checks: Check | readonly Check[] = check): void {
  it("stays quiet on the hardened bot, passes, and ends before its request cap", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, checks, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    const entry = report.coverage.find((c) => c.check === check.meta.id);
    expect(entry?.verdict, entry?.reason).toBe("pass");
    expectNotCutAtCap(report, check);
  });
}

/**
 * The quiet case for checks of API parameters (model, max_tokens, n, tools...): the hardened chat
 * bot takes no parameters at all, so they would only skip there; the capped OpenAI-compatible
 * proxy takes them and enforces its limits, which is what "quiet" has to prove.
 */
export function itStaysQuietOnCappedProxy(
  check: Check,
  bots: LlmBots,
  verdict: "pass" | "inconclusive" = "pass",
): void {
  it("stays quiet on an OpenAI-compatible proxy that enforces its limits, passes, and ends before its cap", async () => {
    const proxy = await bots.start(startCappedProxy());
    const report = await scanLlm(proxy.chatUrl, check, { headers: CAPPED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    const entry = report.coverage.find((c) => c.check === check.meta.id);
    expect(entry?.verdict, entry?.reason).toBe(verdict);
    expectNotCutAtCap(report, check);
  });
}
