import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-encoding-bypass.js";

describe("llm-encoding-bypass", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("on a bot that decodes only base64, flags only base64", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check, { llm: { tier: "standard" } });
    expect(findingsOf(report, check.meta.id).map((f) => f.title.split(": ").at(-1))).toEqual(["base64"]);
  });

  it("flags every encoding on the bot that refuses plain attacks but decodes encoded ones", async () => {
    const encoded = await start(lab.startEncodedBypassBot());
    const report = await scanLlm(encoded.chatUrl, check, { llm: { tier: "standard" } });
    expect(findingsOf(report, check.meta.id).length).toBe(6);
    expectNotCutAtCap(report, check);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
