import { describe, expect, it } from "vitest";
import { detectSecrets, SECRET_RULES } from "../../src/detect/secrets/index.js";
import { createRng } from "../../src/engine/rng.js";
import { expand, NOT_SECRETS, SECRET_FORMATS } from "./secret-formats.js";

const SEEDS = [1, 2, 3, 4, 5];

describe("secret rules on an independent corpus of published formats", () => {
  it("covers every rule with at least one published-format case", () => {
    const covered = new Set(SECRET_FORMATS.map((c) => c.rule));
    expect(SECRET_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !SECRET_RULES.some((r) => r.id === id))).toEqual([]);
  });

  for (const c of SECRET_FORMATS) {
    it(`${c.rule}: ${c.format}`, () => {
      for (const seed of SEEDS) {
        const text = expand(c.template, createRng(seed, `${c.rule}:${c.format}`).next);
        const found = detectSecrets(text);
        expect(
          found.map((f) => f.ruleId),
          text,
        ).toContain(c.rule);
        expect(found.find((f) => f.ruleId === c.rule)?.masked).not.toContain(found[0].value);
      }
    });
  }

  for (const c of NOT_SECRETS) {
    it(`reports nothing for ${c.why}`, () => {
      for (const seed of SEEDS) {
        const text = expand(c.template, createRng(seed, c.why).next);
        expect(
          detectSecrets(text).map((f) => f.ruleId),
          text,
        ).toEqual([]);
      }
    });
  }
});
