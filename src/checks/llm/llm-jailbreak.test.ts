import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-jailbreak.js";

describe("llm-jailbreak", () => {
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
  it("flags DAN, developer-mode and role-play on the naive bot", async () => {
    const report = await scanLlm(naive.chatUrl, check, { llm: { tier: "standard" } });
    expect(
      findingsOf(report, check.meta.id)
        .map((f) => f.title.split(": ")[1])
        .sort(),
    ).toEqual(["DAN jailbreak", "developer mode", "role-play jailbreak"]);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
