import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-n-choices.js";

describe("llm-n-choices", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags n honoured, passes when n>1 is refused", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const [f] = findingsOf(await scanLlm(proxy.chatUrl, check), check.meta.id);
    expect(f.message).toMatch(/^n=3 was honoured \(3 choices returned\)/);
    const capped = await start(lab.startCappedProxy());
    expect(verdictOf(await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH }), check.meta.id)).toBe("pass");
  });

  it("skips shapes that take no API parameters", async () => {
    expect(verdictOf(await scanLlm(bots.naive.chatUrl, check), check.meta.id)).toBe("skipped");
  });

  itStaysQuietOnCappedProxy(check, bots);
});
