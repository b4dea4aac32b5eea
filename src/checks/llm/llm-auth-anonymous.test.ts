import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, LLM_CHECKS, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-auth-anonymous.js";

describe("llm-auth-anonymous", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags a provider-style API answering without credentials as critical, an app's chat route as high", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const api = await scanLlm(proxy.chatUrl, check);
    expect(findingsOf(api, check.meta.id).map((f) => f.severity)).toEqual(["critical"]);
    const app = await scanLlm(bots.naive.chatUrl, LLM_CHECKS);
    expect(findingsOf(app, check.meta.id).map((f) => f.severity)).toEqual(["high"]);
  });

  it("leaves the scan's credentials out once when it has some, and flags a route that did not need them", async () => {
    const before = bots.naive.requests.length;
    const report = await scanLlm(bots.naive.chatUrl, check, { headers: { authorization: "Bearer unused-123" } });
    const sent = bots.naive.requests.slice(before).filter((r) => r.method === "POST" && !r.headers.authorization);
    expect(sent.length).toBe(1);
    expect(findingsOf(report, check.meta.id).length).toBe(1);
  });

  it("passes when the anonymous request is refused", async () => {
    const report = await scanLlm(bots.hardened.chatUrl, check, {
      headers: { authorization: `Bearer ${lab.HARDENED_KEY}` },
    });
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots, LLM_CHECKS);
});
