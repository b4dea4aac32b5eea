import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { findingsOf, HARDENED_AUTH, requestsOf, scanLlm } from "./_testkit.js";
import check from "./llm-multi-turn.js";

describe("llm-multi-turn", () => {
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
  it("escalates in the style each endpoint expects: server session, history array, transcript", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const tgi = await start(lab.startTgiBot());
    const session = findingsOf(await scanLlm(naive.chatUrl, check), check.meta.id);
    expect(session.map((f) => f.title.split(": ")[1])).toEqual(["multi-turn escalation (server-side session)"]);
    expect(naive.requests.some((r) => r.body.includes('"session_id"'))).toBe(true);
    const history = findingsOf(await scanLlm(proxy.chatUrl, check), check.meta.id);
    expect(history.map((f) => f.title.split(": ")[1])).toEqual(["multi-turn escalation (history array)"]);
    const transcript = findingsOf(await scanLlm(tgi.chatUrl, check), check.meta.id);
    expect(transcript.map((f) => f.title.split(": ")[1])).toEqual([
      "multi-turn escalation (transcript in one message)",
    ]);
    // Never a JSON array into a string field.
    expect(tgi.requests.every((r) => r.method !== "POST" || typeof JSON.parse(r.body).inputs === "string")).toBe(true);
  });

  it("stays quiet on the hardened bot and within its request budget", async () => {
    const report = await scanLlm(hardened.chatUrl, check, { headers: HARDENED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
  });
});
