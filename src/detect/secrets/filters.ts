/** Filters that keep look-alikes out of the secret detector: entropy, placeholders and documented samples. */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Words and shapes that mark a value as a placeholder or a documentation sample rather than a
 * live credential: `AKIA...EXAMPLE`, `sk-xxxx`, `your_api_key`, `${VAR}`, `<KEY>`, masked stars.
 */
export const PLACEHOLDER_MARKERS =
  /example|sample|dummy|placeholder|your[_-]?(?:api|key|token|secret|own)|xxxx|changeme|change[_-]me|redacted|insert[_-]?|replace[_-]?me|fake|\{\{|\$\{|\$\(|<[a-z_]+>|\*{3}|\.{3}|…/i;
/** Long runs of one character or counting sequences: typed by a person, not generated. */
const TYPED_SHAPES = /(.)\1{5,}|0123456|123456789|abcdefgh|ABCDEFGH|qwerty/i;

export function looksLikePlaceholder(value: string): boolean {
  return PLACEHOLDER_MARKERS.test(value) || TYPED_SHAPES.test(value);
}

/** Passwords that appear in documentation and templates, never in a real deployment. */
const PLACEHOLDER_PASSWORDS = new Set([
  "password",
  "passw0rd",
  "pass",
  "pwd",
  "secret",
  "changeme",
  "admin",
  "root",
  "test",
  "user",
  "username",
  "mypassword",
  "yourpassword",
  "your_password",
  "dbpassword",
  "db_password",
  "postgres",
  "mysql",
  "guest",
  "xxx",
]);

export function isPlaceholderPassword(password: string): boolean {
  const p = decodeSafely(password).toLowerCase();
  return PLACEHOLDER_PASSWORDS.has(p) || p.length < 4 || looksLikePlaceholder(p) || /^[:$%{<[]/.test(p);
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
