import { defineCheck } from "../../engine/check.js";

/** Headers that name software; a value with a digit names a version an attacker can look up. */
const FINGERPRINT_HEADERS = [
  "server",
  "x-powered-by",
  "x-aspnet-version",
  "x-aspnetmvc-version",
  "x-generator",
  "x-runtime",
  "x-version",
  "via",
];

export default defineCheck({
  meta: {
    id: "inventory-version-headers",
    title: "Response headers reveal software versions",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Headers such as Server, X-Powered-By and X-AspNet-Version that carry a version number let an attacker match the service against known vulnerabilities without sending a single exploit.",
    remediation:
      "Remove version numbers from Server and drop X-Powered-By, X-AspNet-Version and similar headers at the framework or reverse proxy (e.g. `app.disable('x-powered-by')`, `server_tokens off`).",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/"],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      for (const name of FINGERPRINT_HEADERS) {
        const value = x.headers[name];
        // X-Powered-By names the framework even without a version: a fingerprint worth an info note.
        const versioned = value !== undefined && /\d/.test(value);
        if (!value || (!versioned && name !== "x-powered-by") || reported.has(name)) continue;
        reported.add(name);
        ctx.report({
          ...(versioned ? {} : { severity: "info" as const, title: "X-Powered-By names the framework" }),
          message: versioned
            ? `${name}: ${value} names the software and its version.`
            : `${name}: ${value} names the framework behind the API (no version).`,
          exchange: x,
          operation: { method: "GET", path: "/" },
          key: name,
          evidence: { responseHeaders: { [name]: value } },
        });
      }
    }
  },
});
