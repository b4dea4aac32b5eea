/**
 * Pure JWT helpers for the authentication checks: find tokens in text, decode them (jose),
 * forge the variants the active checks replay (alg none, a flipped signature byte, a re-signed
 * expired copy) and test HMAC tokens against an offline dictionary of weak secrets.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { passwordHashKind } from "../password-hash.js";
import WEAK_SECRETS from "./weak-secrets.json" with { type: "json" };

/** Compact JWS with a JSON header and payload (both start with `{"` = `eyJ`); the signature may be empty (alg none). */
const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export interface DecodedJwt {
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  alg: string;
}

const HMAC_HASH: Record<string, string> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };

export function decodeToken(token: string): DecodedJwt | undefined {
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    const payload = decodeJwt(token) as Record<string, unknown>;
    return { token, header, payload, alg: typeof header.alg === "string" ? header.alg : "" };
  } catch {
    return undefined;
  }
}

/** Every distinct decodable JWT in a text, in order of appearance. */
export function findJwts(text: string): DecodedJwt[] {
  const seen = new Set<string>();
  const out: DecodedJwt[] = [];
  for (const m of text.matchAll(JWT_IN_TEXT)) {
    const token = m[0];
    if (seen.has(token)) continue;
    seen.add(token);
    const decoded = decodeToken(token);
    if (decoded) out.push(decoded);
  }
  return out;
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** The same claims under `alg: <none spelling>` with an empty signature. */
export function forgeAlgNone(jwt: DecodedJwt, spelling = "none"): string {
  const payloadPart = jwt.token.split(".")[1];
  return `${b64url(JSON.stringify({ ...jwt.header, alg: spelling }))}.${payloadPart}.`;
}

/** The token with one signature byte inverted: a verifier that checks signatures must refuse it. */
export function flipSignatureByte(token: string): string | undefined {
  const [h, p, s] = token.split(".");
  const sig = Buffer.from(s ?? "", "base64url");
  if (sig.length === 0) return undefined;
  sig[Math.floor(sig.length / 2)] ^= 0xff;
  return `${h}.${p}.${b64url(sig)}`;
}

export function isHmac(jwt: DecodedJwt): boolean {
  return jwt.alg in HMAC_HASH;
}

function hmacSignature(alg: string, secret: string, signingInput: string): Buffer {
  return createHmac(HMAC_HASH[alg], secret).update(signingInput).digest();
}

export function weakSecrets(): readonly string[] {
  return WEAK_SECRETS as string[];
}

/** The dictionary secret that verifies an HS256/384/512 token, or undefined. No requests: pure computation. */
export function crackHmacSecret(jwt: DecodedJwt, candidates: readonly string[] = weakSecrets()): string | undefined {
  if (!isHmac(jwt)) return undefined;
  const [h, p, s] = jwt.token.split(".");
  const signature = Buffer.from(s ?? "", "base64url");
  if (signature.length === 0) return undefined;
  const signingInput = `${h}.${p}`;
  for (const secret of candidates) {
    const candidate = hmacSignature(jwt.alg, secret, signingInput);
    if (candidate.length === signature.length && timingSafeEqual(candidate, signature)) return secret;
  }
  return undefined;
}

/** Re-signs the token's claims (with changes) under its own HMAC algorithm and a known secret. */
export function resignHmac(jwt: DecodedJwt, secret: string, changes: Record<string, unknown>): string {
  const header = b64url(JSON.stringify(jwt.header));
  const payload = b64url(JSON.stringify({ ...jwt.payload, ...changes }));
  return `${header}.${payload}.${b64url(hmacSignature(jwt.alg, secret, `${header}.${payload}`))}`;
}

/** A hint that lets the user recognise a cracked secret without the report carrying it. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, Math.min(2, Math.floor(secret.length / 3)))}… (${secret.length} characters)`;
}

/** Claims whose names suggest data that must not travel readable in a token (JWT payloads are only encoded). */
const SENSITIVE_CLAIM =
  /^(password|passwd|pwd|pass|secret|client_secret|api_?key|private_?key|ssn|social_security|credit_?card|card_?number|cvv|pin|dob|date_of_birth|birth_?date|salary|otp|mfa_secret|totp_secret)$/i;

/** Sensitive claims at any depth (`data.password`), as dotted paths; a password hash value counts whatever its name. */
export function sensitiveClaims(payload: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (claims: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(claims)) {
      if (v === null || v === "") continue;
      const named = SENSITIVE_CLAIM.test(k) && typeof v !== "object";
      if (named || (typeof v === "string" && passwordHashKind(v))) found.push(`${prefix}${k}`);
      else if (typeof v === "object" && !Array.isArray(v) && depth < 4)
        visit(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
    }
  };
  visit(payload, "", 0);
  return found.sort();
}

export function lifetimeSeconds(payload: Record<string, unknown>): number | undefined {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== "number") return undefined;
  const start = typeof iat === "number" ? iat : typeof nbf === "number" ? nbf : undefined;
  return start === undefined ? undefined : exp - start;
}

export function isExpired(payload: Record<string, unknown>, nowSeconds: number): boolean {
  return typeof payload.exp === "number" && payload.exp < nowSeconds;
}

/** Header parameters that point the verifier at a key: each is an injection surface if trusted blindly. */
export function keyReferenceHeaders(header: Record<string, unknown>): string[] {
  return ["kid", "jku", "x5u", "jwk", "x5c"].filter((k) => header[k] !== undefined);
}
