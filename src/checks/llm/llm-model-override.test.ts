import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, requestsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-model-override.js";

describe("llm-model-override", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags a proxy that serves the model the caller names (high: much pricier), with its own rule id", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.ruleId).toBe("llm-model-override");
    expect(f.severity).toBe("high");
    expect(f.message).toMatch(/^The caller picks the model: asking for "meta-llama\/Llama-3\.1-405B/);
    expect(f.evidence.detail).toMatch(/estimated cost of one abusive request/);
    expect(requestsOf(report, check.meta.id)).toBe(1);
  });

  it("passes on a proxy that pins its model and on a gateway that does not serve the model asked for", async () => {
    const capped = await start(lab.startCappedProxy());
    expect(verdictOf(await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH }), check.meta.id)).toBe("pass");
    const gateway = await start(lab.startModelGateway("provider"));
    const report = await scanLlm(gateway.chatUrl, check);
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnCappedProxy(check, bots);
});
