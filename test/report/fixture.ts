/**
 * One canonical scan report for golden tests, written by hand (not from a live scan) so the
 * goldens never move with timing or check wording. It has a finding of every severity, hostile
 * strings (markup, Markdown, backticks, control characters) and every coverage verdict.
 */
import type { Finding, ScanReport } from "../../src/engine/finding.js";
import { catalogOf, type RuleInfo } from "../../src/report/rules.js";

const ORIGIN = "http://127.0.0.1:8080";

function finding(over: Partial<Finding> & Pick<Finding, "ruleId" | "severity" | "fingerprint">): Finding {
  return {
    title: "Response headers reveal software versions",
    confidence: "firm",
    category: "inventory",
    owasp: ["API8:2023"],
    cwe: ["CWE-200"],
    operation: { method: "GET", path: "/" },
    message: "Something was observed.",
    evidence: { request: "GET /", status: 200 },
    reproduce: `curl -sS -i '${ORIGIN}/'`,
    remediation: "Fix it at the framework.",
    ...over,
  };
}

export const FIXTURE_FINDINGS: Finding[] = [
  finding({
    ruleId: "bola-sequential-ids",
    severity: "critical",
    confidence: "confirmed",
    category: "bola",
    owasp: ["API1:2023"],
    cwe: ["CWE-639"],
    title: "Another user's record is readable by changing the id",
    operation: { method: "GET", path: "/api/v1/users/{id}" },
    message: "GET /api/v1/users/2 returned Brian's record to Ada's token.",
    evidence: {
      request: "GET /api/v1/users/2",
      status: 200,
      requestHeaders: { authorization: "Bearer eyJhbG…[redacted len=120 sha256:1a2b3c4d]" },
      excerpt: '{"id":2,"name":"Brian","email":"brian@example.test"}',
      detail: "The record belongs to a different user than the token's subject.",
    },
    reproduce: `curl -sS -i '${ORIGIN}/api/v1/users/2' -H 'authorization: <AUTHORIZATION>'`,
    remediation: "Check that the caller owns the object on every request (`WHERE owner_id = :caller`).",
    fingerprint: "0a1b2c3d4e5f6071",
  }),
  finding({
    ruleId: "data-exposure-secrets",
    severity: "high",
    category: "data-exposure",
    owasp: ["API3:2023"],
    cwe: ["CWE-312"],
    title: "Response leaks an API key <script>alert('x')</script>",
    operation: { method: "GET", path: "/api/v1/config" },
    message:
      "The body holds `sk_live_…` | and <img src=x onerror=\"fetch('//evil.test')\"> markup & **bold** [link](http://evil.test)",
    evidence: {
      request: "GET /api/v1/config?debug=1&x=<b>",
      status: 200,
      excerpt: '"stripe":"sk_liv…[redacted len=32 sha256:9f8e7d6c]" ``` fenced ``` </details> </script>',
    },
    reproduce: `curl -sS -i '${ORIGIN}/api/v1/config?debug=1&x=<b>'`,
    remediation: "Remove secrets from responses; rotate sk_liv…[redacted len=32 sha256:9f8e7d6c].",
    fingerprint: "1b2c3d4e5f607182",
  }),
  finding({
    ruleId: "authentication-cors-credentials",
    severity: "medium",
    category: "authentication",
    owasp: ["API8:2023"],
    cwe: ["CWE-942"],
    title: "CORS reflects any origin with credentials",
    operation: { method: "OPTIONS", path: "/api/v1/users" },
    message: "Origin https://evil.test was echoed with Access-Control-Allow-Credentials: true.",
    evidence: {
      request: "OPTIONS /api/v1/users",
      status: 204,
      responseHeaders: {
        "access-control-allow-origin": "https://evil.test",
        "access-control-allow-credentials": "true",
      },
    },
    reproduce: `curl -sS -i -X OPTIONS '${ORIGIN}/api/v1/users' -H 'origin: https://evil.test'`,
    fingerprint: "2c3d4e5f60718293",
  }),
  finding({
    ruleId: "inventory-version-headers",
    severity: "low",
    confidence: "confirmed",
    message: "server: Apache/2.4.41 (Ubuntu) names the software and its version.",
    evidence: { request: "GET /api/v1/users", status: 200, responseHeaders: { server: "Apache/2.4.41 (Ubuntu)" } },
    fingerprint: "3d4e5f6071829304",
  }),
  finding({
    ruleId: "inventory-version-headers",
    severity: "low",
    confidence: "confirmed",
    message: "x-powered-by: PHP/7.4.3 names the software and its version.",
    evidence: { request: "GET /api/v1/users", status: 200, responseHeaders: { "x-powered-by": "PHP/7.4.3" } },
    fingerprint: "4e5f607182930415",
  }),
  finding({
    ruleId: "input-validation-unicode",
    severity: "info",
    confidence: "tentative",
    category: "input-validation",
    owasp: ["API8:2023"],
    cwe: ["CWE-20"],
    title: "Path echoes unicode ✓ ünïcödé 🚀 and control \u0001\u0007 characters",
    operation: { method: "GET", path: "/api/v1/search" },
    message: "Echoed: ✓ ünïcödé 🚀 \u0001\u0007 end",
    evidence: { request: "GET /api/v1/search?q=%F0%9F%9A%80" },
    fingerprint: "5f60718293041526",
  }),
];

export const FIXTURE_REPORT: ScanReport = {
  tool: { name: "rampart", version: "0.1.0" },
  target: `${ORIGIN}/api/v1/users`,
  seed: 7,
  startedAt: "2026-01-02T03:04:05.678Z",
  score: 37,
  grade: "F",
  gradeCap: { grade: "F", reason: "a confirmed critical finding" },
  categories: {
    authentication: { score: 94, tested: true },
    bola: { score: 60, tested: true },
    bfla: { score: null, tested: false },
    "property-authorization": { score: null, tested: false },
    "input-validation": { score: 100, tested: true },
    "resource-consumption": { score: null, tested: false },
    "data-exposure": { score: 84, tested: true },
    encryption: { score: 100, tested: true },
    ssrf: { score: null, tested: false },
    inventory: { score: 95, tested: true },
    "unsafe-consumption": { score: null, tested: false },
    llm: { score: null, tested: false },
  },
  findings: FIXTURE_FINDINGS,
  coverage: [
    { check: "authentication-cors-credentials", verdict: "fail", requests: 4 },
    { check: "bola-sequential-ids", verdict: "fail", requests: 6 },
    { check: "data-exposure-secrets", verdict: "fail", requests: 0 },
    { check: "encryption-hsts", verdict: "pass", requests: 1 },
    { check: "input-validation-unicode", verdict: "fail", requests: 2 },
    { check: "inventory-version-headers", verdict: "fail", requests: 0 },
    { check: "llm-prompt-injection", verdict: "skipped", reason: "opt-in: enable with --llm", requests: 0 },
    {
      check: "resource-consumption-rate-limit",
      verdict: "inconclusive",
      reason: "stopped at its limit of 20 requests",
      requests: 20,
    },
    { check: "ssrf-url-params", verdict: "error", reason: 'check failed: <boom> & "quoted"', requests: 1 },
  ],
  partial: { reason: "deadline of 30 s reached" },
  stats: {
    requests: 34,
    durationMs: 4321,
    bytesReceived: 12345,
    byCheck: { baseline: 1, "bola-sequential-ids": 6 },
  },
};

/** A report whose scan had an OpenAPI spec in the repository, for SARIF's spec locations. */
export const FIXTURE_WITH_SPEC: ScanReport = {
  ...FIXTURE_REPORT,
  extensions: {
    openapi: {
      source: { kind: "file", location: "./specs/openapi.yaml" },
      operations: [
        { method: "GET", path: "/api/v1/users/{id}", status: "tested", line: 42 },
        { method: "GET", path: "/api/v1/config", status: "tested", line: 77 },
        { method: "OPTIONS", path: "/api/v1/users", status: "tested" },
      ],
    },
  },
};

const FIXTURE_RULES: RuleInfo[] = [
  {
    id: "bola-sequential-ids",
    title: "Objects of other users are readable by id",
    category: "bola",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API1:2023"],
    cwe: ["CWE-639"],
    description: "Changing an object id in the path returns another user's object.",
    remediation: "Authorize every object access against the caller.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/"],
  },
  {
    id: "encryption-hsts",
    title: "HTTPS responses lack Strict-Transport-Security",
    category: "encryption",
    severity: "medium",
    confidence: "firm",
    owasp: ["API8:2023"],
    cwe: ["CWE-319"],
    description: "Without HSTS a browser may be downgraded to plain HTTP.",
    remediation: "Send Strict-Transport-Security: max-age=31536000.",
    references: [],
  },
  {
    id: "inventory-version-headers",
    title: "Response headers reveal software versions",
    category: "inventory",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-200"],
    description: "Version headers let an attacker look up known vulnerabilities.",
    remediation: "Remove version numbers from Server and drop X-Powered-By.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/"],
  },
];

export const FIXTURE_CATALOG = catalogOf(FIXTURE_RULES);

/** A report from a scan with a baseline and a config that suppressed one finding. */
export const FIXTURE_WITH_POLICY: ScanReport = {
  ...FIXTURE_REPORT,
  findings: FIXTURE_FINDINGS.slice(1),
  extensions: {
    baseline: {
      file: ".rampart-baseline.json",
      new: ["1b2c3d4e5f607182"],
      unchanged: FIXTURE_FINDINGS.slice(2).map((f) => f.fingerprint),
      fixed: ["ffffffffffffffff"],
    },
    suppressions: [
      { finding: FIXTURE_FINDINGS[0], reason: "fixed behind the gateway, SEC-12 <b>", expires: "2026-06-30" },
    ],
  },
};
