/**
 * API tokens (stored as SHA-256 hashes, shown once) and encryption at rest for credentials and
 * webhook secrets (AES-256-GCM under one service key). The key comes from RAMPART_SECRET_KEY
 * (base64 of 32 bytes; required in scale-out so every process shares it) or, in the embedded mode,
 * from a 0600 key file created beside the database.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function newToken(): string {
  return `rmp_${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, "hex"), Buffer.from(b, "hex")];
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The service key: from the environment, else (embedded mode) the data dir's key file, else none. */
  static load(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): SecretBox | undefined {
    const fromEnv = env.RAMPART_SECRET_KEY;
    if (fromEnv) {
      const key = Buffer.from(fromEnv, "base64");
      if (key.length !== 32) throw new Error("RAMPART_SECRET_KEY must be the base64 of 32 random bytes");
      return new SecretBox(key);
    }
    if (!dataDir) return undefined;
    const file = path.join(dataDir, "secret.key");
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    return new SecretBox(Buffer.from(readFileSync(file, "utf8").trim(), "base64"));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("sealed value has an unknown format");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  }
}
