import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-sensitive-output.js";

describe("llm-sensitive-output", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("finds the planted key in leaked output, never prints it in full, and ignores echoes", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    const found = findingsOf(report, check.meta.id);
    expect(found.some((f) => f.message.includes("OpenAI"))).toBe(true);
    const { PLANTED_KEY } = await import("../../../lab/llm/model.js");
    expect(JSON.stringify(report)).not.toContain(PLANTED_KEY);
    const reflect = await start(lab.startReflectingApi());
    const forced = await scanLlm(reflect.chatUrl, LLM_CHECKS, { llm: { request: { message: "{{prompt}}" } } });
    expect(findingsOf(forced, check.meta.id)).toEqual([]);
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
