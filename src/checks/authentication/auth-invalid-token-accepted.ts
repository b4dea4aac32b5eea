import { decodeToken } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import type { Rng } from "../../engine/rng.js";
import { type CredentialSlot, findProtectedTargets, grantedLike, sendWith, slotOf } from "./_protected.js";

/**
 * A wrong credential that still looks right: the prefix up to the last separator (`sk_live_`,
 * `lab-api-key-`) kept, at most two thirds of the value; every later letter or digit replaced by
 * another of the same class.
 */
export function wrongButWellFormed(value: string, rng: Rng): string {
  const lastSeparator = Math.max(value.lastIndexOf("-"), value.lastIndexOf("_"), value.lastIndexOf("."));
  const keep =
    lastSeparator >= 0 && lastSeparator < (value.length * 2) / 3 ? lastSeparator + 1 : Math.floor(value.length / 3);
  const swap = (c: string): string => {
    const classes = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
    const alphabet = classes.find((a) => a.includes(c));
    if (!alphabet) return c;
    const other = alphabet.replace(c, "");
    return other[rng.int(other.length)];
  };
  return value.slice(0, keep) + [...value.slice(keep)].map(swap).join("");
}

/** Basic credentials keep the user and get a wrong password; anything else is varied as a whole. */
function wrongCredential(slot: CredentialSlot, value: string, rng: Rng): string {
  const basic = /^basic\s+(\S+)$/i.exec(value);
  if (slot.kind === "header" && basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const user = decoded.slice(0, colon);
    const pass = decoded.slice(colon + 1);
    return `Basic ${Buffer.from(`${user}:${wrongButWellFormed(pass || "x", rng)}`).toString("base64")}`;
  }
  return wrongButWellFormed(value, rng);
}

export default defineCheck({
  meta: {
    id: "auth-invalid-token-accepted",
    title: "Wrong credential accepted",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-287"],
    maxRequests: 6,
    description:
      "A credential of the right form but the wrong value (the user's API key or token with its secret part changed, or the right user with a wrong password) was let in where no credential is refused: the API checks the format, not the secret.",
    remediation:
      "Look every key or token up (or verify its signature) and compare secrets in constant time; never accept a credential because of its prefix or length.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"],
  },
  async run(ctx) {
    if (!ctx.identities.has("primary")) return ctx.skip("needs --auth");
    const sample = ctx.exchanges().find((x) => x.identity === "primary");
    if (!sample) return ctx.skip("no request was sent with the credentials");
    const credential = ctx.identities
      .values()
      .map((value) => ({ value, slot: slotOf(sample.request, value) }))
      .find((c) => c.slot !== undefined);
    if (!credential?.slot) return ctx.skip("the credentials were not found in the requests sent");
    if (decodeToken(credential.value.replace(/^bearer\s+/i, "")))
      return ctx.skip("the credential is a JWT: judged by jwt-signature-not-verified");
    const [target] = await findProtectedTargets(ctx, credential.slot, credential.value);
    if (!target) return ctx.inconclusive("no operation where the credential is granted and its absence refused");
    const wrong = wrongCredential(credential.slot, credential.value, ctx.rng);
    ctx.redact(wrong);
    const x = await sendWith(ctx, credential.slot, wrong, target.url);
    if (!grantedLike(x, target.granted)) return;
    const where =
      credential.slot.kind === "bearer" ? "bearer token" : `${credential.slot.kind} ${credential.slot.name}`;
    ctx.report({
      message: `A wrong but well-formed ${where} was accepted on ${new URL(x.request.url).pathname} (${x.status}; without credentials: ${target.refused.status}).`,
      exchange: x,
      key: where,
      evidence: { detail: "secret part of the credential replaced; answer matches the genuine credential's" },
    });
  },
});
