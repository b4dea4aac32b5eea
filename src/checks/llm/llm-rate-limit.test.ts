import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm, verdictOf } from "./_testkit.js";
import check from "./llm-rate-limit.js";

describe("llm-rate-limit", () => {
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
  it("flags a chat route that answers a burst without any rate-limit signal", async () => {
    const report = await scanLlm(naive.chatUrl, check);
    expect(findingsOf(report, check.meta.id)[0].message).toMatch(/^5 chat requests sent at once/);
    expect(requestsOf(report, check.meta.id)).toBe(5);
    const h = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(verdictOf(h, check.meta.id)).toBe("pass");
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
