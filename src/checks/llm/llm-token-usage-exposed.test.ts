import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-token-usage-exposed.js";

describe("llm-token-usage-exposed", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("reports usage metadata in replies", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id)[0].severity).toBe("info");
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
