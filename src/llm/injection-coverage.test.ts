/** The guard's injection heuristics (src/detect/injection) cover every attack family the LLM suite probes with. */
import { describe, expect, it } from "vitest";
import { detectInjection } from "../detect/injection/index.js";
import { createRng } from "../engine/rng.js";
import { makeCanary } from "./nonce.js";
import {
  ENCODING_PROBES,
  INDIRECT_PROBES,
  INJECTION_PROBES,
  JAILBREAK_PROBES,
  MULTI_TURN_PROBES,
  type Pick,
} from "./probes/canary.js";
import { EXTRACTION_PROBES } from "./probes/leak.js";
import type { LlmCall, LlmShape } from "./types.js";

const SHAPES: LlmShape[] = [
  { kind: "openai-chat", path: "/v1/chat/completions", takesParams: true, answers: true, via: "test" },
  { kind: "custom-json", path: "/ask", template: { q: "{{prompt}}" }, takesParams: false, answers: true, via: "test" },
  {
    kind: "custom-json",
    path: "/ask",
    template: { q: "{{prompt}}" },
    sessionField: "session",
    takesParams: false,
    answers: true,
    via: "test",
  },
];

function callerText(call: LlmCall | LlmCall[]): string {
  const calls = Array.isArray(call) ? call : [call];
  return calls.flatMap((c) => [...c.turns.map((t) => t.content), c.document ?? ""]).join("\n");
}

describe("injection heuristics cover the scanner's probe families", () => {
  const rng = createRng(5, "coverage");
  for (const probe of [
    ...INJECTION_PROBES,
    ...JAILBREAK_PROBES,
    ...ENCODING_PROBES,
    ...INDIRECT_PROBES,
    ...MULTI_TURN_PROBES,
  ])
    it(`flags ${probe.id}`, () => {
      const canary = makeCanary(rng, probe.canary);
      // Every phrasing: the k-th option of each choice the probe makes, for k up to the longest list.
      for (let k = 0; k < 6; k++) {
        const pick: Pick = (options) => options[k % options.length];
        const built = SHAPES.map((s) => probe.build(canary, s, pick)).filter((c) => c !== undefined);
        expect(built.length).toBeGreaterThan(0);
        for (const call of built) expect(detectInjection(callerText(call)).length, callerText(call)).toBeGreaterThan(0);
      }
    });
  for (const probe of EXTRACTION_PROBES)
    it(`flags the ${probe.id} extraction prompt`, () => {
      for (const prompt of probe.prompts)
        expect(
          detectInjection(prompt).map((m) => m.family),
          prompt,
        ).toEqual(expect.arrayContaining([expect.stringMatching(/prompt-extraction|instruction-override/)]));
    });
});
