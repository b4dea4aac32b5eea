import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskSecret, publicPrefix, redactValues, secretTag } from "./redact.js";
import { SECRET_RULES } from "./secrets/rules.js";

const rand = (() => {
  let s = 7;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
})();

describe("masks", () => {
  it("keep a provider's public prefix only before long random text", () => {
    const together = SECRET_RULES.find((r) => r.id === "together-api-key")!.sample(rand);
    expect(maskSecret(together)).toBe("tgp_v1_…[redacted]");
    expect(publicPrefix("sk-ant-api03-" + "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY")).toBe("sk-ant-api03-");
    // A short or patterned rest is guessable: nothing shown.
    expect(maskSecret("sk-password123")).toBe("[redacted]");
  });

  it("show nothing of a password or a connection string: no prefix, no length, no hash", () => {
    // Assembled at run time: the repository commits no key-shaped literal (test/corpus).
    const connection = ["postgres://app", "Winter2025@db:5432/app"].join(":");
    for (const secret of ["summer2024", "hunter2hunter2", connection]) {
      const masked = redactValues(`value=${secret}`, [secret]);
      expect(masked).toBe("value=[redacted]");
      const hash = createHash("sha256").update(secret).digest("hex");
      expect(masked).not.toContain(hash.slice(0, 6));
      expect(masked).not.toContain(String(secret.length));
    }
  });

  it("tag a secret only under a key: HMAC, stable for one key, different for another", () => {
    expect(secretTag("summer2024", undefined)).toBe("");
    const a = secretTag("summer2024", "k1");
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(secretTag("summer2024", "k1")).toBe(a);
    expect(secretTag("summer2024", "k2")).not.toBe(a);
    expect(createHash("sha256").update("summer2024").digest("hex")).not.toContain(a);
  });
});
