import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-no-grounding.js";

describe("llm-no-grounding", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("notes ungrounded answers as info only, and nothing on a reflecting API", async () => {
    const report = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id).map((f) => f.severity)).toEqual(["info"]);
    const reflect = await start(lab.startReflectingApi());
    expect(findingsOf(await scanLlm(reflect.chatUrl, LLM_CHECKS), check.meta.id)).toEqual([]);
  });

  it("is informational at most on the hardened bot", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id).every((f) => f.severity === "info")).toBe(true);
  });
});
