import type { SecureVersion } from "node:tls";
import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { HandshakeRefused, handshake, runtimeOffers, tlsEndpointOf } from "./_tls.js";

/** Legacy ciphers need OpenSSL's lowest security level; without it the client cannot even offer TLS 1.0. */
const LEGACY_CIPHERS = "DEFAULT@SECLEVEL=0";

/** TLS 1.0 still allows the CBC attacks of its era (BEAST); 1.1 fixed those but shares their weak hashes. */
const LEGACY_PROTOCOLS: { version: SecureVersion; label: string; severity: Severity }[] = [
  { version: "TLSv1", label: "TLS 1.0", severity: "medium" },
  { version: "TLSv1.1", label: "TLS 1.1", severity: "low" },
];

export default defineCheck({
  meta: {
    id: "tls-legacy-protocols",
    title: "Deprecated TLS 1.0 or 1.1 accepted",
    category: "encryption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-326", "CWE-327"],
    maxRequests: 2,
    description:
      "TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1/MD5 constructions and, for 1.0, CBC modes open to BEAST-style attacks. A server that still accepts them lets a downgrade-capable attacker weaken the connection. One raw handshake per protocol goes to the target's own host and port; when this runtime cannot offer a protocol at all, the verdict is inconclusive.",
    remediation:
      "Accept TLS 1.2 and 1.3 only (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`, Node `minVersion: 'TLSv1.2'`), and drop the CBC/SHA-1 cipher suites the old protocols needed.",
    references: [
      "https://www.rfc-editor.org/rfc/rfc8996",
      "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const endpoint = tlsEndpointOf(ctx.target);
    if (!endpoint) return ctx.skip("the target is not served over https");
    const untestable: string[] = [];
    for (const protocol of LEGACY_PROTOCOLS) {
      if (!(await runtimeOffers(protocol.version, LEGACY_CIPHERS))) {
        untestable.push(protocol.label);
        continue;
      }
      const options = { minVersion: protocol.version, maxVersion: protocol.version, ciphers: LEGACY_CIPHERS };
      try {
        const accepted = await handshake(ctx, endpoint, options);
        ctx.report({
          message: `The server completed a ${protocol.label} handshake (negotiated ${accepted.protocol}).`,
          severity: protocol.severity,
          operation: { method: "GET", path: "/" },
          key: protocol.version,
          evidence: {
            request: `TLS handshake with ${endpoint.host}:${endpoint.port} offering only ${protocol.label}`,
            detail: `negotiated ${accepted.protocol}`,
          },
        });
      } catch (err) {
        // A refused handshake is the good outcome; anything else (unreachable, timeout) is not a verdict.
        if (!(err instanceof HandshakeRefused)) throw err;
      }
    }
    if (untestable.length > 0)
      ctx.inconclusive(
        `this runtime (OpenSSL ${process.versions.openssl}) cannot offer ${untestable.join(" or ")}, so acceptance was not tested`,
      );
  },
});
