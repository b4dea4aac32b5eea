import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { cspDirectives, HTML_PROBE_REQUESTS, htmlDocuments } from "./_html.js";

/** Script sources that let injected markup run script despite the policy. */
const UNSAFE_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"];

export interface CspGap {
  key: "missing" | "weak";
  severity: Severity;
  problem: string;
}

/** What is missing or weak in a page's policy (a report-only policy does not protect). */
export function cspGap(policy: string | undefined): CspGap | undefined {
  if (!policy?.trim()) return { key: "missing", severity: "low", problem: "no Content-Security-Policy is sent" };
  const directives = cspDirectives(policy);
  const scripts = directives.get("script-src") ?? directives.get("default-src");
  if (!scripts)
    return { key: "weak", severity: "info", problem: "the policy restricts neither script-src nor default-src" };
  // A nonce or hash makes browsers ignore 'unsafe-inline' (CSP level 2+), so it is not a gap then.
  const hasNonceOrHash = scripts.some((s) => /^'(nonce|sha256|sha384|sha512)-/.test(s));
  const unsafe = scripts.filter(
    (s) => UNSAFE_SCRIPT_SOURCES.includes(s) && !(hasNonceOrHash && s === "'unsafe-inline'"),
  );
  if (unsafe.length > 0) return { key: "weak", severity: "info", problem: `scripts may come from ${unsafe.join(" ")}` };
  return undefined;
}

export default defineCheck({
  meta: {
    id: "headers-html-csp",
    title: "HTML page without an effective Content-Security-Policy",
    category: "input-validation",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-693", "CWE-1021"],
    maxRequests: HTML_PROBE_REQUESTS,
    description:
      "A Content-Security-Policy limits what an injected script can do on HTML the API serves (docs, consoles, error pages). Missing on a text/html response: low; present but allowing inline or arbitrary script: info. JSON responses are never judged (CSP does nothing there). Judged on the baselines or the origin root (one request).",
    remediation:
      "Send a restrictive policy on HTML responses, e.g. `Content-Security-Policy: default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'` (`default-src 'none'` for API-generated pages that need no assets).",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
      "https://owasp.org/www-project-secure-headers/",
    ],
  },
  async run(ctx) {
    const documents = await htmlDocuments(ctx);
    if (documents.length === 0) return ctx.skip("no HTML page seen: CSP only matters for HTML");
    for (const x of documents) {
      const policy = x.headers["content-security-policy"];
      const gap = cspGap(policy);
      if (!gap) continue;
      ctx.report({
        message: `HTML page: ${gap.problem}.`,
        severity: gap.severity,
        exchange: x,
        key: gap.key,
        evidence: policy ? { responseHeaders: { "content-security-policy": policy } } : {},
      });
    }
  },
});
