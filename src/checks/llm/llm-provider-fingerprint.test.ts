import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-provider-fingerprint.js";

describe("llm-provider-fingerprint", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("names Together AI from a namespaced model and Anthropic from its headers", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const anthropic = await start(lab.startAnthropicBot());
    const p = findingsOf(await scanLlm(proxy.chatUrl, LLM_CHECKS), check.meta.id).map((f) => f.message);
    expect(p.some((m) => m.startsWith("Together AI"))).toBe(true);
    const a = findingsOf(await scanLlm(anthropic.chatUrl, LLM_CHECKS), check.meta.id).map((f) => f.message);
    expect(a.some((m) => m.startsWith("Anthropic"))).toBe(true);
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
