import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-pii-extraction.js";

describe("llm-pii-extraction", () => {
  const bots = useLlmBots();
  it("flags other customers' contact data, masked in the report", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check);
    const [f] = findingsOf(report, check.meta.id);
    expect(f.message).toMatch(/email m\*\*\*@postbox-mail\.de/);
    expect(JSON.stringify(report)).not.toContain("maria.keller@postbox-mail.de");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
