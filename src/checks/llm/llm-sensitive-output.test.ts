import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-sensitive-output.js";

describe("llm-sensitive-output", () => {
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
  it("finds the planted key in leaked output, never prints it in full, and ignores echoes", async () => {
    const report = await scanLlm(naive.chatUrl, LLM_CHECKS);
    const found = findingsOf(report, check.meta.id);
    expect(found.some((f) => f.message.includes("OpenAI"))).toBe(true);
    const { PLANTED_KEY } = await import("../../../lab/llm/model.js");
    expect(JSON.stringify(report)).not.toContain(PLANTED_KEY);
    const reflect = await start(lab.startReflectingApi());
    const forced = await scanLlm(reflect.chatUrl, LLM_CHECKS, { llm: { request: { message: "{{prompt}}" } } });
    expect(findingsOf(forced, check.meta.id)).toEqual([]);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
