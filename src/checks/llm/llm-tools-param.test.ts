import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, LLM_CHECKS, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-tools-param.js";

describe("llm-tools-param", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags caller tools reaching the model; the call it provoked is not taken for the app's own tools", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, LLM_CHECKS);
    expect(findingsOf(report, check.meta.id).length).toBe(1);
    const exposed = findingsOf(report, "llm-tools-exposed");
    expect(exposed.every((f) => !f.message.includes("rampart_probe_lookup"))).toBe(true);
    const capped = await start(lab.startCappedProxy());
    expect(verdictOf(await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH }), check.meta.id)).toBe("pass");
  });

  itStaysQuietOnCappedProxy(check, bots);
});
