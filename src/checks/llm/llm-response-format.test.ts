import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-response-format.js";

describe("llm-response-format", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags a caller JSON schema applied (low), passes when it is dropped", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const [f] = findingsOf(await scanLlm(proxy.chatUrl, check), check.meta.id);
    expect(f.severity).toBe("low");
    expect(f.message).toMatch(/random key "k[a-z]{8}"/);
    const capped = await start(lab.startCappedProxy());
    expect(verdictOf(await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH }), check.meta.id)).toBe("pass");
  });

  itStaysQuietOnCappedProxy(check, bots);
});
