import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { CAPPED_AUTH, findingsOf, LLM_CHECKS, recognisedOf, scanLlm, verdictOf } from "../../../test/llm-testkit.js";
import check from "./llm-auth-any-bearer.js";

describe("llm-auth-any-bearer", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("finds a POST chat route that refuses no credential but accepts a made-up bearer, as critical", async () => {
    const proxy = await start(lab.startAnyBearerProxy());
    const report = await scanLlm(proxy.chatUrl, LLM_CHECKS);
    expect(recognisedOf(report)).toMatchObject({ kind: "openai-chat", acceptsAnyBearer: true });
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("critical");
    expect(f.operation).toEqual({ method: "POST", path: "/v1/chat/completions" });
    // The proxy got the made-up token and no other credential.
    const first = proxy.requests.find((r) => r.method === "POST" && r.headers.authorization);
    expect(first?.headers.authorization).toMatch(/^Bearer rampart-[a-z]+$/);
  });

  it("finds a wrong token accepted in place of the one the scan was given", async () => {
    const proxy = await start(lab.startAnyBearerProxy());
    const report = await scanLlm(proxy.chatUrl, check, { headers: { authorization: "Bearer real-key-123456" } });
    const found = findingsOf(report, check.meta.id);
    expect(found.map((f) => f.evidence.detail)).toEqual(["variant wrong-token"]);
    expect(found[0].severity).toBe("critical");
    expectNotCutAtCap(report, check);
    expect(JSON.stringify(report)).not.toContain("real-key-123456");
  });

  it("passes on a proxy that checks its key", async () => {
    const capped = await start(lab.startCappedProxy());
    const report = await scanLlm(capped.chatUrl, check, { headers: CAPPED_AUTH });
    expect(findingsOf(report, check.meta.id)).toEqual([]);
    expect(verdictOf(report, check.meta.id)).toBe("pass");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
