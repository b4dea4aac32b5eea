import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, LLM_CHECKS, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-token-usage-exposed.js";

describe("llm-token-usage-exposed", () => {
  const labs: lab.LlmLab[] = [];
  const start = async (p: Promise<lab.LlmLab>) => {
    const s = await p;
    labs.push(s);
    return s;
  };
  afterAll(() => Promise.all(labs.map((s) => s.close())));
  let _naive: lab.LlmLab;
  let hardened: lab.LlmLab;
  beforeAll(async () => {
    [_naive, hardened] = await Promise.all([start(lab.startNaiveBot()), start(lab.startHardenedBot())]);
  });
  it("reports usage metadata in replies", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id)[0].severity).toBe("info");
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, LLM_CHECKS, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
