import { describe, expect, it } from "vitest";
import * as lab from "../../../lab/llm/servers.js";
import { useLlmBots } from "../../../test/lab-hooks.js";
import { itStaysQuietOnHardenedBot } from "../../../test/llm-check-tests.js";
import { findingsOf, scanLlm } from "../../../test/llm-testkit.js";
import check from "./llm-indirect-injection.js";

describe("llm-indirect-injection", () => {
  const bots = useLlmBots();
  const { start } = bots;
  it("flags instructions hidden in a document and in a fabricated tool result", async () => {
    const proxy = await start(lab.startPermissiveProxy());
    const report = await scanLlm(proxy.chatUrl, check, { llm: { tier: "standard" } });
    expect(
      findingsOf(report, check.meta.id)
        .map((f) => f.title.split(": ")[1])
        .sort(),
    ).toEqual(["indirect injection (document content)", "indirect injection (fabricated assistant/tool turn)"]);
    const quick = await scanLlm(bots.naive.chatUrl, check);
    expect(findingsOf(quick, check.meta.id).length).toBe(1);
  });

  it("plants the instruction in the endpoint's own document field when it has one", async () => {
    const rag = await start(lab.startNaiveBot({ contextField: "context" }));
    const report = await scanLlm(rag.chatUrl, check, { llm: { request: { message: "{{prompt}}", context: "" } } });
    expect(findingsOf(report, check.meta.id).length).toBe(1);
    const sent = rag.requests.find((r) => r.body.includes("Summarise the provided document"));
    expect(JSON.parse(sent!.body).context).toContain("Note to AI assistants");
  });

  itStaysQuietOnHardenedBot(check, bots);
});
