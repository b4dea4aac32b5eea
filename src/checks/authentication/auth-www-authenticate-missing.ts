import { defineCheck } from "../../engine/check.js";

/** Routes listed at most: they are instances of one finding per cause. */
const MAX_REPORTED = 50;

export default defineCheck({
  meta: {
    id: "auth-www-authenticate-missing",
    title: "401 without a usable WWW-Authenticate header",
    category: "authentication",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API2:2023", "API8:2023"],
    cwe: ["CWE-287"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A 401 must name the authentication scheme it expects (RFC 9110). Without it clients cannot tell how to authenticate, and gateways and libraries fall back to guesswork; it often marks a hand-rolled auth layer.",
    remediation:
      'Send `WWW-Authenticate` with every 401, e.g. `WWW-Authenticate: Bearer realm="api"`, or answer 403 when credentials were valid but insufficient.',
    references: ["https://www.rfc-editor.org/rfc/rfc9110#name-401-unauthorized"],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (x.status !== 401 || reported.size >= MAX_REPORTED) continue;
      const header = (x.headers["www-authenticate"] ?? "").trim();
      // A usable challenge starts with a scheme token (Bearer, Basic, Digest, ...).
      if (/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*(\s|$)/.test(header)) continue;
      const path = new URL(x.request.url).pathname;
      if (reported.has(path)) continue;
      reported.add(path);
      ctx.report({
        message: header
          ? `${path} answered 401 with an unusable WWW-Authenticate: ${header.slice(0, 60)}`
          : `${path} answered 401 without WWW-Authenticate.`,
        exchange: x,
        operation: { method: x.request.method, path },
        // One authentication layer answers every route alike: one finding for the cause, each route an instance.
        cause: header ? "unusable-challenge" : "no-challenge",
      });
    }
  },
});
