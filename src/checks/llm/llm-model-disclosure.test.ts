import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-model-disclosure.js";

describe("llm-model-disclosure", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("reports the model named by a proxy", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id)[0].message).toContain(lab.PERMISSIVE_MODEL);
    expect(findingsOf(await scanLlm(bots.naive.chatUrl, LLM_CHECKS), check.meta.id)).toEqual([]);
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
