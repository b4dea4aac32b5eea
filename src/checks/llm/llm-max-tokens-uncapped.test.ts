import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnCappedProxy } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, probesOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-max-tokens-uncapped.js";

describe("llm-max-tokens-uncapped", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags a proxy whose output follows the caller's large max_tokens, by output length", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.message).toMatch(/asking for 1024 produced 1024 output tokens/);
    expect(f.confidence).toBe("firm");
    const posts = proxy.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body).max_tokens ?? 0);
    expect(Math.max(...posts)).toBe(1024);
  });

  it("a server cap below the large request is a cap (the gateway cuts at 512); a short answer proves nothing", async () => {
    // The capped proxy's model declines to repeat forever: three words and a natural stop say nothing about a cap.
    const capped = await start(lab.startCappedProxy());
    const c = await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH });
    expect(findingsOf(c, check.meta.id)).toEqual([]);
    expect(verdictOf(c, check.meta.id)).toBe("inconclusive");
    const gateway = await start(lab.startModelGateway("provider"));
    const g = await scanLlm(gateway.chatUrl, check);
    expect(verdictOf(g, check.meta.id)).toBe("pass");
    expect(probesOf(g).find((p) => p.check === check.meta.id)).toMatchObject({ verdict: "resisted" });
  });

  it("asks for 8192 only with --llm-cost-probes aggressive", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check, { llm: { costProbes: "aggressive" } });
    const [f] = findingsOf(report, check.meta.id);
    expect(f.message).toMatch(/asking for 8192 produced 8192/);
    expect(f.confidence).toBe("confirmed");
  });

  // The capped proxy answers briefly, which proves no cap (the gateway case above proves one): inconclusive.
  itStaysQuietOnCappedProxy(check, bots, "inconclusive");
});
