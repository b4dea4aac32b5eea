import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, requestsOf, scanLlm, verdictOf } from "./_testkit.js";
import check from "./llm-cost-controls.js";

describe("llm-cost-controls", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags every cost parameter a permissive proxy passes through, none on the capped proxy", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check);
    const found = findingsOf(report, check.meta.id);
    const byKey = Object.fromEntries(found.map((f) => [f.message.split(" ")[0], f.severity]));
    expect(found.length).toBe(5);
    expect(found.find((f) => f.message.startsWith("The caller picks the model"))?.severity).toBe("high");
    expect(found.find((f) => f.message.startsWith("max_tokens"))?.evidence.detail).toMatch(
      /estimated cost of one request/,
    );
    expect(found.find((f) => f.message.startsWith("A caller-supplied response_format"))?.severity).toBe("low");
    expect(Object.keys(byKey).length).toBeGreaterThan(0);
    expect(requestsOf(report, check.meta.id)).toBeLessThanOrEqual(check.meta.maxRequests);
    // Safe mode never asks for more than a few hundred output tokens.
    for (const r of proxy.requests.filter((x) => x.method === "POST"))
      expect(JSON.parse(r.body).max_tokens ?? 0).toBeLessThanOrEqual(400);
    const capped = await start(lab.startCappedProxy());
    const c = await scanLlm(capped.chatUrl, check, { headers: { authorization: `Bearer ${lab.CAPPED_KEY}` } });
    expect(findingsOf(c, check.meta.id)).toEqual([]);
    expect(verdictOf(c, check.meta.id)).toBe("pass");
  });

  it("asks for large outputs only with --llm-cost-probes aggressive", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check, { llm: { costProbes: "aggressive" } });
    expect(findingsOf(report, check.meta.id).find((f) => f.message.startsWith("max_tokens"))?.message).toMatch(
      /max_tokens 8192 gave 8192/,
    );
  });

  itStaysQuietOnHardenedBot(check, bots);
});
