import { keyReferenceHeaders } from "../../detect/jwt/index.js";
import { defineCheck } from "../../engine/check.js";
import { jwtsSeen } from "./_jwt.js";
import { reportJwt } from "./_jwt-report.js";

export default defineCheck({
  meta: {
    id: "jwt-key-header-surface",
    title: "JWT header names its verification key (kid, jku, x5u, jwk)",
    category: "authentication",
    severity: "info",
    confidence: "firm",
    owasp: ["API2:2023"],
    cwe: ["CWE-347"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Header parameters that select or carry the verification key are attack surface: a `kid` used in a file path or SQL query, or a `jku`/`x5u`/`jwk` the server fetches or trusts, lets an attacker choose the key. Noted for manual review; nothing is sent.",
    remediation:
      "Look `kid` up in a fixed key set, never in a path or query; ignore `jku`, `x5u` and embedded `jwk` unless they match a pinned allow-list.",
    references: ["https://datatracker.ietf.org/doc/html/rfc8725#section-3.10"],
  },
  async run(ctx) {
    const seen = jwtsSeen(ctx);
    if (seen.length === 0) return ctx.skip("no JWT seen");
    for (const s of seen) {
      const names = keyReferenceHeaders(s.jwt.header);
      if (names.length === 0) continue;
      reportJwt(ctx, s, {
        message: `the header carries ${names.join(", ")}; review how the server resolves the key.`,
        evidence: { detail: `header parameters: ${Object.keys(s.jwt.header).sort().join(", ")}` },
      });
    }
  },
});
