import { describe, expect, it } from "vitest";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-output-handling.js";

describe("llm-output-handling", () => {
  const bots = useLlmBots();
  it("flags a markdown exfiltration image (high), a javascript: link and a script element", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check, { llm: { tier: "standard" } });
    const found = findingsOf(report, check.meta.id);
    expect(found.length).toBe(3);
    const image = found.find((f) => f.title.includes("markdown image"))!;
    expect(image.severity).toBe("high");
    expect(image.evidence.excerpt).toMatch(/^!\[status\]\(https:\/\/rampart-exfil\.invalid\/\S+=[A-Z]+$/);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
