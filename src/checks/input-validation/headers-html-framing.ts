import { defineCheck } from "../../engine/check.js";
import { cspDirectives, HTML_PROBE_REQUESTS, htmlDocuments } from "./_html.js";

/** Why a document can be framed by another site, or undefined when it is protected. */
export function framingGap(headers: Record<string, string>): string | undefined {
  const ancestors = cspDirectives(headers["content-security-policy"]).get("frame-ancestors");
  if (ancestors) return ancestors.includes("*") ? "CSP frame-ancestors allows *" : undefined;
  const frameOptions = headers["x-frame-options"]?.trim().toLowerCase();
  if (frameOptions === "deny" || frameOptions === "sameorigin") return undefined;
  return frameOptions
    ? `X-Frame-Options is ${JSON.stringify(headers["x-frame-options"])}, which browsers ignore, and CSP has no frame-ancestors`
    : "neither X-Frame-Options nor CSP frame-ancestors is sent";
}

export default defineCheck({
  meta: {
    id: "headers-html-framing",
    title: "HTML page can be framed by other sites (clickjacking)",
    category: "input-validation",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-1021"],
    maxRequests: HTML_PROBE_REQUESTS,
    description:
      "An HTML page served by the API (docs, consoles, error pages, an SPA shell) without X-Frame-Options or CSP frame-ancestors can be framed by another site and its buttons clicked through an invisible overlay. Judged only on text/html responses: the baselines, or the origin root (one request).",
    remediation:
      "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self') on HTML responses, plus `X-Frame-Options: DENY` for older browsers.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors",
    ],
  },
  async run(ctx) {
    const documents = await htmlDocuments(ctx);
    if (documents.length === 0) return ctx.skip("no HTML page seen: framing protection only matters for HTML");
    for (const x of documents) {
      const gap = framingGap(x.headers);
      if (!gap) continue;
      ctx.report({ message: `This HTML page can be framed by any site: ${gap}.`, exchange: x, key: "framing" });
    }
  },
});
