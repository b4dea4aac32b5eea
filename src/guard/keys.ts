/**
 * Key hygiene: caller keys are compared by hash in constant time and logged only as a short id;
 * the upstream key comes from the environment or a secret file, never from a caller.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { GuardConfigError, type GuardPolicy } from "./config.js";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** A stable, non-reversible label for a key: what logs and rate-limit counters use. */
export function keyId(key: string): string {
  return `key_${digest(key).toString("hex").slice(0, 12)}`;
}

export class CallerKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** The key id for a valid `Authorization: Bearer …` header, else undefined. */
  authenticate(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!m) return undefined;
    const presented = digest(m[1]);
    // Compare against every key so the time taken does not say which one was close.
    let found = false;
    for (const d of this.digests) found = timingSafeEqual(d, presented) || found;
    return found ? keyId(m[1]) : undefined;
  }
}

/** The upstream provider key: `upstream_key_env`, else `upstream_key_file`, else none (a keyless upstream). */
export function upstreamKey(policy: GuardPolicy, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (policy.upstream_key_env) {
    const value = env[policy.upstream_key_env]?.trim();
    if (value) return value;
    if (!policy.upstream_key_file)
      throw new GuardConfigError(`upstream_key_env: the environment variable ${policy.upstream_key_env} is not set`);
  }
  if (policy.upstream_key_file) {
    try {
      const value = readFileSync(policy.upstream_key_file, "utf8").trim();
      if (value) return value;
    } catch (err) {
      throw new GuardConfigError(
        `upstream_key_file: cannot read ${policy.upstream_key_file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    throw new GuardConfigError(`upstream_key_file: ${policy.upstream_key_file} is empty`);
  }
  return undefined;
}
