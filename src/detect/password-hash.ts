/**
 * Password hash formats (modular crypt and framework encodings). A hash in a response is a
 * password hash, not a plaintext password and not a "secret assigned in configuration".
 */
const FORMATS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: "bcrypt", pattern: /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{20,53}/ },
  { kind: "argon2", pattern: /^\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$/ },
  { kind: "scrypt", pattern: /^(?:\$scrypt\$|\$7\$[./A-Za-z0-9]{11,})/ },
  { kind: "PBKDF2", pattern: /^(?:pbkdf2[_-]sha(?:1|256|512)\$\d+\$|\$pbkdf2(?:-sha(?:1|256|512))?\$\d+\$)/i },
  { kind: "sha-crypt", pattern: /^\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{40,}/ },
];

/** The hash format of a value (`bcrypt`, `argon2`, `scrypt`, `PBKDF2`, `sha-crypt`), or undefined. */
export function passwordHashKind(value: string): string | undefined {
  const trimmed = value.trim();
  return FORMATS.find((f) => f.pattern.test(trimmed))?.kind;
}

/** Starts like a hash format, even when a tokenizer cut it short (`$2b$10$abc` before a `.`). */
export function startsLikePasswordHash(value: string): boolean {
  return /^\$(?:2[abxy]?\$\d{2}\$|argon2|scrypt\$|7\$|pbkdf2|[56]\$)|^pbkdf2[_-]/i.test(value.trim());
}
