import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-provider-param-leak.js";

describe("llm-provider-param-leak", () => {
  const bots = useLlmBots();
  const { start } = bots;
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

  itStaysQuietOnCappedProxy(check, bots);
});
