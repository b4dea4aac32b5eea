import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, probesOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-jailbreak.js";

describe("llm-jailbreak", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags DAN, developer-mode and role-play on the naive bot", async () => {
    const report = await scanLlm(bots.naive.chatUrl, check, { llm: { tier: "standard" } });
    expect(
      findingsOf(report, check.meta.id)
        .map((f) => f.title.split(": ")[1])
        .sort(),
    ).toEqual(["DAN jailbreak", "developer mode", "role-play jailbreak"]);
  });

  it("the optional judge adds a labelled, judged finding where no canary was answered", async () => {
    const persona = await start(lab.startPersonaBot());
    const judge = await start(lab.startLabJudge("sane"));
    const plain = await scanLlm(persona.chatUrl, check);
    expect(findingsOf(plain, check.meta.id)).toEqual([]);
    const judged = await scanLlm(persona.chatUrl, check, { llm: { judgeUrl: judge.chatUrl } });
    const found = findingsOf(judged, check.meta.id);
    expect(found.length).toBe(2);
    expect(
      found.every((f) => f.severity === "medium" && f.confidence === "tentative" && f.title.endsWith("(judged)")),
    ).toBe(true);
    expect(found[0].message).toMatch(/^\[judged, not deterministic\]/);
    expect(
      probesOf(judged)
        .filter((p) => p.method === "judged")
        .map((p) => p.verdict),
    ).toEqual(["vulnerable", "vulnerable"]);
    expect(judge.requests.every((r) => r.body.includes("<Output>"))).toBe(true);
  });

  itStaysQuietOnHardenedBot(check, bots);
});
