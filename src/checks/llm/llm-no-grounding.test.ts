import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, scanLlm } from "./_testkit.js";
import check from "./llm-no-grounding.js";

describe("llm-no-grounding", () => {
  const labs: lab.LlmLab[] = [];
  const start = async (p: Promise<lab.LlmLab>) => {
    const s = await p;
    labs.push(s);
    return s;
  };
  afterAll(() => Promise.all(labs.map((s) => s.close())));
  let naive: lab.LlmLab;
  let hardened: lab.LlmLab;
  beforeAll(async () => {
    [naive, hardened] = await Promise.all([start(lab.startNaiveBot()), start(lab.startHardenedBot())]);
  });
  it("notes ungrounded answers as info only, and nothing on a reflecting API", async () => {
    const report = await scanLlm(naive.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id).map((f) => f.severity)).toEqual(["info"]);
    const reflect = await start(lab.startReflectingApi());
    expect(findingsOf(await scanLlm(reflect.chatUrl, LLM_CHECKS), check.meta.id)).toEqual([]);
  });

  it("is informational at most on the hardened bot", async () => {
    const report = await scanLlm(hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id).every((f) => f.severity === "info")).toBe(true);
  });
});
