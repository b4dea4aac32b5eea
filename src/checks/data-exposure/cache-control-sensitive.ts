import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { contentType, type RecordedExchange, textOf } from "../../engine/http.js";
import { isApiDescription } from "./_common.js";

/** Token-bearing JSON fields or a JWT anywhere in the body. */
const TOKEN_IN_BODY =
  /"(?:access_?token|refresh_?token|id_?token|token|jwt|api_?key|secret|password|session_?id)"\s*:\s*"[^"]{8,}"|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/i;
/** A plain e-mail address; file names like icon@2x.png are not addresses. */
// Starts only at a token boundary and bounds each part, so a megabyte of letters cannot make it backtrack quadratically.
const EMAIL =
  /(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?!png\b|jpe?g\b|gif\b|svg\b|webp\b)[a-z]{2,24}\b/i;
/** Paths judged at most; one cause (no cache policy) groups them into one finding per sensitivity. */
const MAX_PATHS = 50;
/** A Set-Cookie that deletes a cookie (empty value, Max-Age=0, or Expires in the past) sets no credential. */
const COOKIE_DELETION = /^[^=]*=\s*(?:;|$)|;\s*max-age=0\s*(?:;|$)|;\s*expires=[^;]*\b19[0-9]{2}\b/i;

function setsCredential(setCookies: readonly string[]): boolean {
  return setCookies.some((c) => !COOKIE_DELETION.test(c));
}

export type Sensitivity = "credentials" | "authenticated" | "personal-data";

const SEVERITY: Record<Sensitivity, Severity> = { credentials: "medium", authenticated: "low", "personal-data": "low" };
const RANK: Record<Sensitivity, number> = { credentials: 0, authenticated: 1, "personal-data": 2 };
const WHY: Record<Sensitivity, string> = {
  credentials: "it carries credentials (a cookie being set or a token in the body)",
  authenticated: "it answers an authenticated request",
  "personal-data": "it carries personal data (an e-mail address)",
};

function isTextual(type: string): boolean {
  return type === "application/json" || type.endsWith("+json") || type.startsWith("text/plain") || type.endsWith("xml");
}

/** The most sensitive thing about a response, or undefined when it carries nothing worth keeping out of caches. */
export function sensitivityOf(
  x: RecordedExchange,
  credentialHeaders: readonly string[],
  ignoresCredential = false,
): Sensitivity | undefined {
  const body = isTextual(contentType(x)) ? textOf(x) : "";
  if (setsCredential(x.setCookies)) return "credentials";
  // Nothing in the body and no cookie set: there is nothing to keep out of a cache.
  if (body.trim() === "" || isApiDescription(body)) return undefined;
  if (TOKEN_IN_BODY.test(body)) return "credentials";
  const sentCredentials = credentialHeaders.some((name) => x.request.headers[name] !== undefined);
  if (x.identity !== "anonymous" && sentCredentials && !ignoresCredential) return "authenticated";
  if (EMAIL.test(body)) return "personal-data";
  return undefined;
}

/** Matches concrete paths against the operation templates (`/users/{id}` matches `/users/7`). */
export function operationPathMatcher(templates: readonly string[]): (path: string) => boolean {
  const patterns = templates.map(
    (template) =>
      new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]+")}$`,
      ),
  );
  return (path) => patterns.some((p) => p.test(path));
}

/** no-store keeps it out of every cache; private keeps it out of shared ones (proxies, CDNs). */
export function preventsSharedCaching(cacheControl: string | undefined): boolean {
  return /(^|,)\s*(no-store|private)\s*(,|=|$)/i.test(cacheControl ?? "");
}

export default defineCheck({
  meta: {
    id: "cache-control-sensitive",
    title: "Sensitive response may be stored by caches (no Cache-Control: no-store or private)",
    category: "data-exposure",
    severity: "medium",
    confidence: "firm",
    owasp: ["API8:2023", "API3:2023"],
    cwe: ["CWE-525", "CWE-524"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A response that sets a cookie, carries a token, answers an authenticated request or contains personal data, without `Cache-Control: no-store` (or `private`), may be kept by proxies, CDNs and the browser and served to the next user. Credentials: medium; authenticated or personal data: low. Judged on the 2xx answers with content to the API's known operations and on any response that sets a cookie; not on preflights, redirects, empty bodies, cookie deletions, served API descriptions or pages that answer the anonymous request alike. One finding per kind of sensitivity, listing every path.",
    remediation:
      "Send `Cache-Control: no-store` on every response that carries credentials, tokens or personal data (or on the whole API), and `private` at the very least for per-user answers.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers",
      "https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5",
    ],
  },
  async run(ctx) {
    const credentialHeaders = [...new Set(ctx.identities.credentialHeaders())];
    // The most sensitive cacheable response per path, in the deterministic exchange order.
    const worstByPath = new Map<string, { x: RecordedExchange; sensitivity: Sensitivity }>();
    // The API's own operations (and anything that sets a cookie); other checks' probe paths are judged by their own checks.
    const isOperation = operationPathMatcher(ctx.target.operations.map((op) => op.path));
    const exchanges = ctx.exchanges();
    // A page that answers the anonymous request alike is public: the credential changed nothing worth hiding.
    const anonymousBodies = new Map(
      exchanges.filter((x) => x.identity === "anonymous").map((x) => [`${x.request.method} ${x.request.url}`, x.body]),
    );
    const ignoresCredential = (x: RecordedExchange) =>
      anonymousBodies.get(`${x.request.method} ${x.request.url}`)?.equals(x.body) === true;
    for (const x of exchanges) {
      // Preflights, HEADs and redirects carry no data of the caller's; only answers with content are judged.
      if (x.status < 200 || x.status >= 300 || x.request.method === "OPTIONS" || x.request.method === "HEAD") continue;
      if (!isOperation(new URL(x.request.url).pathname) && x.setCookies.length === 0) continue;
      if (preventsSharedCaching(x.headers["cache-control"])) continue;
      const sensitivity = sensitivityOf(x, credentialHeaders, ignoresCredential(x));
      if (!sensitivity) continue;
      const path = new URL(x.request.url).pathname;
      const known = worstByPath.get(path);
      if (!known || RANK[sensitivity] < RANK[known.sensitivity]) worstByPath.set(path, { x, sensitivity });
    }
    const worst = [...worstByPath.entries()]
      .sort(([a, p], [b, q]) => RANK[p.sensitivity] - RANK[q.sensitivity] || a.localeCompare(b))
      .slice(0, MAX_PATHS);
    for (const [path, { x, sensitivity }] of worst) {
      const cacheControl = x.headers["cache-control"];
      ctx.report({
        message: `${x.request.method} ${path} can be cached: ${cacheControl ? `Cache-Control is ${JSON.stringify(cacheControl)}` : "no Cache-Control header"}, yet ${WHY[sensitivity]}.`,
        severity: SEVERITY[sensitivity],
        exchange: x,
        key: sensitivity,
        cause: sensitivity,
        evidence: { responseHeaders: cacheControl ? { "cache-control": cacheControl } : {}, detail: WHY[sensitivity] },
      });
    }
  },
});
