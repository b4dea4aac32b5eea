import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-provider-param-leak.js";

describe("llm-provider-param-leak", () => {
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
  it("flags echo returning the system prompt (high) and logprobs (low); nothing on the capped proxy", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check);
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.severity).sort()).toEqual(["high", "low"]);
    expect(found.find((f) => f.severity === "high")?.evidence.excerpt).toMatch(/shopbot/i);
    const capped = await start(lab.startCappedProxy());
    const c = await scanLlm(capped.chatUrl, check, { headers: { authorization: `Bearer ${lab.CAPPED_KEY}` } });
    expect(findingsOf(c, check.meta.id)).toEqual([]);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
