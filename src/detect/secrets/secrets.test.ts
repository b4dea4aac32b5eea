import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../engine/rng.js";
import {
  ALPHABETS,
  detectSecrets,
  draw,
  maskSecretsIn,
  redactedExcerpt,
  SECRET_RULES,
  sampleAssignment,
} from "./index.js";

const rand = () => createRng(42, "secrets-test").next;

describe("secret detector", () => {
  it("knows at least 40 provider formats with unique ids", () => {
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SECRET_RULES.map((r) => r.id)).size).toBe(SECRET_RULES.length);
  });

  it("finds every rule's synthetic sample in .env, JSON and minified JS shapes", () => {
    const r = rand();
    for (const rule of SECRET_RULES) {
      const line = sampleAssignment(rule, r);
      const [name, value] = [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)];
      for (const text of [
        `${line}\nDEBUG=false\n`,
        JSON.stringify({ [name]: value, other: 1 }),
        `var a=1;const ${name}="${value}";function f(){return ${name}}`,
      ]) {
        const found = detectSecrets(text);
        expect(
          found.map((f) => f.ruleId),
          `${rule.id} in ${text.slice(0, 60)}`,
        ).toContain(rule.id);
        const hit = found.find((f) => f.ruleId === rule.id)!;
        expect(text.includes(hit.value)).toBe(true);
        expect(hit.masked).not.toContain(hit.value);
      }
    }
  });

  it("tells Stripe live keys from test keys", () => {
    const r = rand();
    const live = `sk_live_${draw(r, ALPHABETS.alnum, 24)}`;
    const test = `sk_test_${draw(r, ALPHABETS.alnum, 24)}`;
    const found = detectSecrets(`a=${live} b=${test}`);
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([
      ["stripe-live-secret-key", "critical"],
      ["stripe-test-key", "low"],
    ]);
  });

  it("needs Together named nearby for a legacy 64-hex key, so digests stay quiet", () => {
    const hex = draw(rand(), ALPHABETS.hex, 64);
    expect(detectSecrets(`sha256: ${hex}`)).toEqual([]);
    expect(detectSecrets(`export TOGETHER_API_KEY="${hex}"`).map((f) => f.ruleId)).toEqual(["together-legacy-api-key"]);
  });

  it("ignores placeholders and documented sample shapes", () => {
    const r = rand();
    const samples = [
      `AKIA${draw(r, ALPHABETS.base32Upper, 9)}EXAMPLE`,
      "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "TOGETHER_API_KEY=your_api_key",
      `tgp_v1_${"x".repeat(43)}`,
      "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "OPENAI_API_KEY=$" + "{OPENAI_API_KEY}",
      "postgres://user:password@localhost:5432/db",
      "https://user:<password>@example.com/",
      `hf_${"a".repeat(34)}`,
    ];
    for (const s of samples) expect(detectSecrets(s), s).toEqual([]);
  });

  it("does not call a password hash a secret assigned in configuration", () => {
    for (const hash of [
      "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
      "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
    ])
      expect(detectSecrets(`{"password": "${hash}", "db_password": "${hash}"}`)).toEqual([]);
  });

  it("drops values that were in our own request", () => {
    const key = SECRET_RULES.find((x) => x.id === "together-api-key")!.sample(rand());
    expect(detectSecrets(`{"echo":"${key}"}`, { sent: [`/search?q=${key}`] })).toEqual([]);
  });

  it("never reports random hex digests, UUIDs or base64 blobs", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.uuid(), (bytes, uuid) => {
        const b = Buffer.from(bytes);
        const text = `{"sha":"${b.toString("hex")}","id":"${uuid}","img":"data:image/png;base64,${b.toString("base64")}"}`;
        return detectSecrets(text).length === 0;
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("masks every secret in an excerpt, including ones cut at the window edge", () => {
    const r = rand();
    const a = SECRET_RULES.find((x) => x.id === "together-api-key")!.sample(r);
    const b = SECRET_RULES.find((x) => x.id === "groq-api-key")!.sample(r);
    const text = `const A="${a}",B="${b}";`;
    const found = detectSecrets(text);
    expect(found).toHaveLength(2);
    const excerpt = redactedExcerpt(text, found[0], found, 12);
    expect(excerpt).not.toContain(a);
    expect(excerpt).not.toContain(b.slice(0, 10));
    expect(excerpt).toContain("tgp_v1");
  });

  it("masks every secret in a text for display", () => {
    const r = rand();
    const keys = ["together-api-key", "anthropic-api-key", "stripe-live-secret-key"].map((id) =>
      SECRET_RULES.find((x) => x.id === id)!.sample(r),
    );
    const masked = maskSecretsIn(`a=${keys[0]}\nb="${keys[1]}" c: ${keys[2]}`);
    for (const k of keys) expect(masked).not.toContain(k);
    // Public provider prefixes stay; no length and no hash of the secret is shown.
    expect(masked).toMatch(/^a=tgp_v1_…\[redacted\]\nb="sk-ant-api03-…\[redacted\]" c: sk_live_…\[redacted\]$/);
  });
});
