import { isRefusal, shapeSimilarity } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { contentType, jsonOf } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { pathAndQueryOf, servesData } from "./_data.js";

const MAX_OPERATIONS = 2;

/** Spellings of the same path that routers often match while path-based auth rules do not. */
export function pathVariants(path: string): { label: string; path: string }[] {
  const trimmed = path.replace(/\/+$/, "") || "/";
  const last = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  const parent = trimmed.slice(0, trimmed.lastIndexOf("/") + 1);
  const variants = [
    { label: "trailing slash", path: path.endsWith("/") ? trimmed : `${trimmed}/` },
    { label: "upper case", path: `${parent}${last.toUpperCase()}` },
    { label: "matrix parameter", path: `${trimmed};` },
    { label: "format suffix", path: `${trimmed}.json` },
    // Percent-encoded first letter: routers decode it, string-matching auth rules do not. (Encoded
    // dot segments cannot be sent: URL normalisation in the client resolves them first.)
    { label: "percent-encoded character", path: `${parent}${encodeFirstLetter(last)}` },
  ];
  return variants.filter((v, i) => v.path !== path && variants.findIndex((w) => w.path === v.path) === i);
}

function encodeFirstLetter(segment: string): string {
  const i = segment.search(/[A-Za-z]/);
  if (i < 0) return segment;
  return `${segment.slice(0, i)}%${segment.charCodeAt(i).toString(16).padStart(2, "0")}${segment.slice(i + 1)}`;
}

function looksLikeData(x: Exchange): boolean {
  return servesData(x) && contentType(x).includes("json") && jsonOf(x) !== undefined;
}

export default defineCheck({
  meta: {
    id: "auth-bypass-variants",
    title: "Authentication bypassed by a path variant or another method",
    category: "authentication",
    severity: "high",
    confidence: "firm",
    owasp: ["API2:2023", "API5:2023"],
    cwe: ["CWE-288", "CWE-287"],
    maxRequests: MAX_OPERATIONS * 7,
    description:
      "An operation that refuses requests without credentials served its data when the path was spelled differently (`/x/`, `/X`, `/x;`, `/x.json`, `/%78`) or asked with HEAD: the auth rule matches a string while the router matches more.",
    remediation:
      "Apply authentication after routing (on the matched route, not on the raw path), or normalise paths (case, trailing slashes, `;` parameters, suffixes) before any access rule; enforce it for every method.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"],
  },
  async run(ctx) {
    const soft404 = await ctx.soft404();
    let judged = 0;
    for (const op of ctx.target.operations) {
      const baseline = ctx.baseline(op);
      if (op.method !== "GET" || !isRepeatable(op) || !baseline || judged >= MAX_OPERATIONS) continue;
      const url = new URL(baseline.request.url);
      let granted: Exchange | undefined;
      let refused: Exchange;
      if (baseline.identity === "anonymous" || !ctx.identities.has("primary")) {
        if (!isRefusal(baseline)) continue;
        refused = baseline;
      } else {
        if (!servesData(baseline)) continue;
        granted = baseline;
        refused = await ctx.http.get(pathAndQueryOf(baseline), { identity: "anonymous" });
        if (!isRefusal(refused)) continue;
      }
      judged++;
      const accepted = (x: Exchange, path: string) =>
        servesData(x) &&
        !soft404.isNotFound(x, path) &&
        (granted ? shapeSimilarity(x, granted) >= 0.8 : looksLikeData(x));
      for (const variant of pathVariants(url.pathname)) {
        const x = await ctx.http.get(variant.path + url.search, { identity: "anonymous" });
        if (!accepted(x, variant.path)) continue;
        ctx.report({
          operation: { method: "GET", path: op.path },
          message: `${op.path} refuses requests without credentials (${refused.status}) but ${variant.path} (${variant.label}) answered ${x.status} with its data.`,
          exchange: x,
          key: variant.label,
          evidence: { detail: `without credentials: ${url.pathname} ${refused.status}, ${variant.path} ${x.status}` },
        });
        break;
      }
      const head = await ctx.http.request({ method: "HEAD", url: url.pathname + url.search, identity: "anonymous" });
      if (head.status >= 200 && head.status < 300)
        ctx.report({
          severity: "medium",
          confidence: "tentative",
          operation: { method: "GET", path: op.path },
          message: `${op.path} refuses GET without credentials (${refused.status}) but HEAD answered ${head.status}: the method may skip authentication.`,
          exchange: head,
          key: "HEAD",
        });
    }
    if (judged === 0) ctx.skip("no operation that refuses requests without credentials");
  },
});
