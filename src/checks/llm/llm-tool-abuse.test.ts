import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-tool-abuse.js";

describe("llm-tool-abuse", () => {
  const bots = useLlmBots();
  it("flags a tool call whose argument is the derived nonce", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.severity).toBe("high");
    expect(f.evidence.excerpt).toMatch(/^lookup_order\(\{"order_id":"[A-Z]+"\}\)$/);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
