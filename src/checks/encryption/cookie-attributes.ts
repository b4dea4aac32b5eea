import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";

/** Names that usually carry a session or a credential (PHPSESSID, connect.sid, auth_token, jwt, ...). */
const SESSION_LIKE = /sess|(?:^|[._-])sid(?:$|[._-])|token|auth|jwt|login|remember/i;

export interface ParsedCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased, with their values (empty for flags). */
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): ParsedCookie | undefined {
  const [pair, ...rest] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return undefined;
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [name, ...value] = part.split("=");
    if (name.trim()) attributes.set(name.trim().toLowerCase(), value.join("=").trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** A Set-Cookie that deletes the cookie protects nothing and needs no flags. */
function isDeletion(cookie: ParsedCookie): boolean {
  const expires = Date.parse(cookie.attributes.get("expires") ?? "");
  return cookie.value === "" || cookie.attributes.get("max-age") === "0" || expires < Date.now();
}

export function isSessionLike(name: string): boolean {
  return SESSION_LIKE.test(name);
}

/** Missing protections; `secureMatters` is false for plain HTTP on loopback/private hosts, where Secure cannot apply. */
export function missingAttributes(cookie: ParsedCookie, secureMatters: boolean): string[] {
  const missing: string[] = [];
  const secure = cookie.attributes.has("secure");
  const sameSite = cookie.attributes.get("samesite")?.toLowerCase();
  // Browsers reject SameSite=None without Secure wherever the cookie travels.
  if (!secure && secureMatters) missing.push("Secure");
  else if (!secure && sameSite === "none") missing.push("Secure (required by SameSite=None)");
  if (!cookie.attributes.has("httponly")) missing.push("HttpOnly");
  // SameSite=None with Secure is a deliberate cross-site cookie; only an absent or unknown value is a gap.
  if (sameSite !== "lax" && sameSite !== "strict" && sameSite !== "none") missing.push("SameSite=Lax or Strict");
  return missing;
}

export function cookieSeverity(name: string): Severity {
  return isSessionLike(name) ? "medium" : "low";
}

export default defineCheck({
  meta: {
    id: "cookie-attributes",
    title: "Cookie set without Secure, HttpOnly or SameSite",
    category: "encryption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-614", "CWE-1004", "CWE-1275"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A cookie without Secure can leak over plain HTTP, one without HttpOnly can be read by injected script, and one without SameSite rides along on cross-site requests (CSRF). Session-like cookies (session, sid, token, auth, jwt in the name) are medium, others low. Secure is only required over https or on non-private hosts.",
    remediation:
      "Set session and credential cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict), ideally with the `__Host-` prefix and `Path=/`.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie",
    ],
  },
  async run(ctx) {
    const seen = new Set<string>();
    let cookiesSeen = 0;
    for (const x of ctx.exchanges()) {
      const url = new URL(x.request.url);
      const secureMatters = url.protocol === "https:" || !isLoopbackOrPrivate(url.hostname);
      for (const header of x.setCookies) {
        const cookie = parseSetCookie(header);
        if (!cookie || isDeletion(cookie) || seen.has(cookie.name)) continue;
        seen.add(cookie.name);
        cookiesSeen++;
        const missing = missingAttributes(cookie, secureMatters);
        if (missing.length === 0) continue;
        const sessionLike = isSessionLike(cookie.name);
        const shown = header.replace(cookie.value, "<redacted>");
        ctx.report({
          message: `${sessionLike ? "Session-like cookie" : "Cookie"} ${cookie.name} is set without ${missing.join(", ")}.`,
          severity: cookieSeverity(cookie.name),
          exchange: x,
          key: cookie.name,
          evidence: { responseHeaders: { "set-cookie": shown }, detail: `missing: ${missing.join(", ")}` },
          secrets: cookie.value.length >= 4 ? [cookie.value] : [],
        });
      }
    }
    if (cookiesSeen === 0) ctx.skip("no response set a cookie");
  },
});
