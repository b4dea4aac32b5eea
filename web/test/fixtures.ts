import type { Finding, Severity } from "../src/types";

/** A finding as the report schema has it; only what a test varies is passed. */
export function finding(over: Partial<Finding> & { ruleId: string; severity: Severity; path?: string }): Finding {
  const { path = "/items", ...rest } = over;
  return {
    title: `Title of ${over.ruleId}`,
    confidence: "firm",
    category: "data-exposure",
    owasp: ["API3:2023"],
    cwe: ["CWE-200"],
    operation: { method: "GET", path },
    message: `Message of ${over.ruleId} on ${path}`,
    evidence: { request: `GET ${path}`, status: 200, excerpt: '{"token":"ghp_****"}' },
    reproduce: `curl -sS 'http://127.0.0.1:1${path}'`,
    remediation: "Do the right thing.",
    fingerprint: `${over.ruleId}:${path}`,
    ...rest,
  };
}
