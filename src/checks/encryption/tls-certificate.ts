import { checkServerIdentity, type DetailedPeerCertificate } from "node:tls";
import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { HandshakeRefused, handshake, tlsEndpointOf } from "./_tls.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_WARNING_DAYS = 30;
const MIN_RSA_BITS = 2048;

/** OpenSSL verdicts that mean "no trusted chain" (as opposed to dates or the hostname). */
const UNTRUSTED_CHAIN = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REVOKED",
  "INVALID_CA",
]);

export interface CertificateIssue {
  key: "expired" | "not-yet-valid" | "untrusted" | "wrong-host" | "expiring-soon" | "weak-key";
  severity: Severity;
  message: string;
}

const SELF_SIGNED_ERRORS = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT"]);

function distinguishedName(name: DetailedPeerCertificate["subject"] | undefined): string {
  return JSON.stringify(Object.entries(name ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

/** Self-signed when OpenSSL says so, or when the certificate names itself as its issuer. */
function isSelfSigned(peer: DetailedPeerCertificate, authorizationError: string | undefined): boolean {
  if (authorizationError && SELF_SIGNED_ERRORS.has(authorizationError)) return true;
  return distinguishedName(peer.subject) === distinguishedName(peer.issuer);
}

/** Everything wrong with the presented certificate, judged at `now`. Pure, so it is easy to test. */
export function certificateIssues(
  peer: DetailedPeerCertificate,
  hostname: string,
  authorizationError: string | undefined,
  now: number,
): CertificateIssue[] {
  const issues: CertificateIssue[] = [];
  const validFrom = Date.parse(peer.valid_from);
  const validTo = Date.parse(peer.valid_to);
  const subject = peer.subject?.CN ?? "(no common name)";
  if (now > validTo) {
    issues.push({
      key: "expired",
      severity: "high",
      message: `The certificate for ${subject} expired on ${new Date(validTo).toISOString().slice(0, 10)}: clients either fail or were told to skip verification.`,
    });
  } else if (now < validFrom) {
    issues.push({
      key: "not-yet-valid",
      severity: "high",
      message: `The certificate for ${subject} is not valid before ${new Date(validFrom).toISOString().slice(0, 10)}.`,
    });
  } else if (validTo - now < EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.floor((validTo - now) / DAY_MS);
    issues.push({
      key: "expiring-soon",
      severity: "low",
      message: `The certificate for ${subject} expires in ${days} days (${new Date(validTo).toISOString().slice(0, 10)}), within the ${EXPIRY_WARNING_DAYS}-day renewal window.`,
    });
  }
  // OpenSSL reports only its last error (often the date), so self-signing is read from the chain itself.
  if (isSelfSigned(peer, authorizationError)) {
    issues.push({
      key: "untrusted",
      severity: "medium",
      message: `The certificate for ${subject} is self-signed: clients cannot verify the server without pinning it, and usually disable verification instead.`,
    });
  } else if (authorizationError && UNTRUSTED_CHAIN.has(authorizationError)) {
    issues.push({
      key: "untrusted",
      severity: "medium",
      message: `The certificate chain for ${subject} does not lead to a trusted CA (${authorizationError}).`,
    });
  }
  const hostError = checkServerIdentity(hostname, peer);
  if (hostError) {
    issues.push({
      key: "wrong-host",
      severity: "medium",
      message: `The certificate does not cover ${hostname}: ${hostError.message}`,
    });
  }
  // Only RSA certificates carry a modulus; EC key sizes are not comparable to this threshold.
  if (peer.modulus && peer.bits !== undefined && peer.bits < MIN_RSA_BITS) {
    issues.push({
      key: "weak-key",
      severity: "medium",
      message: `The certificate's RSA key has only ${peer.bits} bits (at least ${MIN_RSA_BITS} expected).`,
    });
  }
  return issues;
}

export default defineCheck({
  meta: {
    id: "tls-certificate",
    title: "TLS certificate is expired, untrusted, for another host or about to expire",
    category: "encryption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-295"],
    maxRequests: 1,
    description:
      "A certificate that is expired, self-signed or untrusted, issued for another host name or weaker than 2048-bit RSA breaks verification; clients then fail or, worse, are configured to skip verification, which opens the API to interception. One raw TLS connection to the target's own host and port reads the certificate; the runtime's CA store decides trust (an extra CA can be given as the scan option `--tls-ca`).",
    remediation:
      "Serve a certificate from a publicly trusted CA that covers the API's host name, with the full chain; automate renewal (e.g. ACME) well before expiry and alert when fewer than 30 days remain.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
    ],
  },
  async run(ctx) {
    const endpoint = tlsEndpointOf(ctx.target);
    if (!endpoint) return ctx.skip("the target is not served over https");
    let result: Awaited<ReturnType<typeof handshake>>;
    try {
      result = await handshake(ctx, endpoint);
    } catch (err) {
      if (err instanceof HandshakeRefused) return ctx.inconclusive(`no TLS handshake completed: ${err.code}`);
      throw err;
    }
    const operation = { method: "GET", path: "/" };
    const peer = result.peer;
    const detail = `subject ${peer.subject?.CN ?? "?"}, issuer ${peer.issuer?.CN ?? "?"}, valid ${peer.valid_from} to ${peer.valid_to}, SHA-256 ${peer.fingerprint256}`;
    for (const issue of certificateIssues(peer, endpoint.host, result.authorizationError, Date.now())) {
      ctx.report({
        message: issue.message,
        severity: issue.severity,
        operation,
        key: issue.key,
        evidence: { request: `TLS handshake with ${endpoint.host}:${endpoint.port}`, detail },
      });
    }
  },
});
