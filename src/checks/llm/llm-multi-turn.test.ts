import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-multi-turn.js";

describe("llm-multi-turn", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("escalates in the style each endpoint expects: server session, history array, transcript", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const tgi = await start(lab.startTgiBot());
    const session = findingsOf(await scanLlm(bots.naive.chatUrl, check), check.meta.id);
    expect(session.map((f) => f.title.split(": ")[1])).toEqual(["multi-turn escalation (server-side session)"]);
    expect(bots.naive.requests.some((r) => r.body.includes('"session_id"'))).toBe(true);
    const history = findingsOf(await scanLlm(proxy.chatUrl, check), check.meta.id);
    expect(history.map((f) => f.title.split(": ")[1])).toEqual(["multi-turn escalation (history array)"]);
    const transcript = findingsOf(await scanLlm(tgi.chatUrl, check), check.meta.id);
    expect(transcript.map((f) => f.title.split(": ")[1])).toEqual([
      "multi-turn escalation (transcript in one message)",
    ]);
    // Never a JSON array into a string field.
    expect(tgi.requests.every((r) => r.method !== "POST" || typeof JSON.parse(r.body).inputs === "string")).toBe(true);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
