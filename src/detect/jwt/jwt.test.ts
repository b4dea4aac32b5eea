import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  crackHmacSecret,
  decodeToken,
  findJwts,
  flipSignatureByte,
  forgeAlgNone,
  isExpired,
  keyReferenceHeaders,
  lifetimeSeconds,
  resignHmac,
  secretHint,
  sensitiveClaims,
  weakSecrets,
} from "./index.js";

function hs256(payload: object, secret: string, header: object = { alg: "HS256", typ: "JWT" }): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

describe("jwt detectors", () => {
  const token = hs256({ sub: "42", iat: 1_700_000_000, exp: 1_700_003_600 }, "changeme");

  it("ships a dictionary of at least 1,000 distinct common secrets", () => {
    const secrets = weakSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const s of ["secret", "your-256-bit-secret", "changeme", "shhhhh"]) expect(secrets).toContain(s);
  });

  it("finds and decodes tokens in text, once each", () => {
    const found = findJwts(`{"token":"${token}","again":"${token}"} Bearer ${token}`);
    expect(found).toHaveLength(1);
    expect(found[0].payload.sub).toBe("42");
    expect(found[0].alg).toBe("HS256");
    expect(findJwts("eyJhbGciOi.not-a-token")).toEqual([]);
  });

  it("forges alg none with the same claims and an empty signature", () => {
    const forged = forgeAlgNone(decodeToken(token)!, "None");
    expect(forged.endsWith(".")).toBe(true);
    const decoded = decodeToken(forged)!;
    expect(decoded.alg).toBe("None");
    expect(decoded.payload.sub).toBe("42");
  });

  it("flips exactly one signature byte", () => {
    const flipped = flipSignatureByte(token)!;
    const a = Buffer.from(token.split(".")[2], "base64url");
    const b = Buffer.from(flipped.split(".")[2], "base64url");
    expect(a.length).toBe(b.length);
    expect([...a].filter((byte, i) => byte !== b[i])).toHaveLength(1);
    expect(flipSignatureByte(forgeAlgNone(decodeToken(token)!))).toBeUndefined();
  });

  it("cracks a dictionary secret offline and re-signs with it", () => {
    const jwt = decodeToken(token)!;
    expect(crackHmacSecret(jwt)).toBe("changeme");
    expect(crackHmacSecret(decodeToken(hs256({ sub: "1" }, "k7$Qv!2x-not-in-any-list"))!)).toBeUndefined();
    const expired = decodeToken(resignHmac(jwt, "changeme", { exp: 1 }))!;
    expect(crackHmacSecret(expired, ["changeme"])).toBe("changeme");
    expect(isExpired(expired.payload, 2)).toBe(true);
    expect(secretHint("changeme")).toBe("ch… (8 characters)");
  });

  it("reads lifetimes, sensitive claims and key-reference headers", () => {
    expect(lifetimeSeconds(decodeToken(token)!.payload)).toBe(3600);
    expect(sensitiveClaims({ sub: "1", password: "x", ssn: "", email: "a@b" })).toEqual(["password"]);
    // At any depth, and a password hash whatever its claim is called.
    expect(
      sensitiveClaims({
        sub: "1",
        data: { id: 1, password: "x", profile: { pin: "1234" } },
        h: "$2b$10$abcdefghijklmnopqrstuv",
      }),
    ).toEqual(["data.password", "data.profile.pin", "h"]);
    expect(keyReferenceHeaders({ alg: "RS256", kid: "1", jku: "https://x" })).toEqual(["kid", "jku"]);
  });
});
