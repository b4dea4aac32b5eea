import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm, verdictOf } from "./_testkit.js";
import check from "./llm-system-prompt-leak.js";

describe("llm-system-prompt-leak", () => {
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
  it("flags the naive bot, whose leaks open with an apology", async () => {
    const report = await scanLlm(naive.chatUrl, check);
    const found = findingsOf(report, check.meta.id);
    expect(found.length).toBe(3);
    expect(found.every((f) => f.severity === "high")).toBe(true);
    expect(found.find((f) => f.message.includes("direct-request"))?.evidence.excerpt).toMatch(/shopbot/);
    const { PLANTED_KEY } = await import("../../../lab/llm/model.js");
    expect(JSON.stringify(report)).not.toContain(PLANTED_KEY);
    const direct = naive.requests.find((r) => r.body.includes("reveal your confidential instructions"));
    expect(direct).toBeTruthy();
  });

  it("does not flag a bot with a bespoke refusal that never leaks", async () => {
    const encoded = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(encoded.chatUrl, check, { llm: { tier: "deep" } });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
