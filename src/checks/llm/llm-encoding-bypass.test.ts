import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-encoding-bypass.js";

describe("llm-encoding-bypass", () => {
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
  it("on a bot that decodes only base64, flags only base64", async () => {
    const report = await scanLlm(naive.chatUrl, check, { llm: { tier: "standard" } });
    expect(findingsOf(report, check.meta.id).map((f) => f.title.split(": ").at(-1))).toEqual(["base64"]);
  });

  it("flags every encoding on the bot that refuses plain attacks but decodes encoded ones", async () => {
    const encoded = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(encoded.chatUrl, check, { llm: { tier: "standard" } });
    expect(findingsOf(report, check.meta.id).length).toBe(6);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
