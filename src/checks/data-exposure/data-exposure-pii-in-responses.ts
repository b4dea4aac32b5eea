import { countByKind, detectPii, type PiiKind, type PiiMatch, piiSeverity } from "../../detect/pii/index.js";
import { defineCheck } from "../../engine/check.js";
import { type RecordedExchange, textOf } from "../../engine/http.js";
import { FILE_CHECK_IDS, isApiDescription, isTextual, pathOf, redactable, sentTexts } from "./_common.js";

const KIND_LABEL: Record<PiiKind, string> = {
  email: "e-mail addresses",
  phone: "phone numbers",
  "payment-card": "payment card numbers",
  "test-card": "payment processor test card numbers",
  "us-ssn": "US social security numbers",
  iban: "IBANs",
  "internal-ip": "internal IP addresses",
};

/** JavaScript and HTML are judged by the client-side check; PII there is rarely data about people. */
const MARKUP_OR_CODE = /html|javascript|ecmascript|css/;

export default defineCheck({
  meta: {
    id: "data-exposure-pii-in-responses",
    title: "Response exposes personal data",
    category: "data-exposure",
    severity: "medium",
    confidence: "firm",
    owasp: ["API3:2023"],
    cwe: ["CWE-359", "CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Responses carry personal data: payment cards (Luhn-checked), US SSNs (with context), IBANs (mod-97), e-mail addresses, phone numbers or internal addresses. Severity rises with the kind and with how many distinct values one endpoint hands out.",
    remediation:
      "Return only the fields the client needs (an explicit response schema), mask what must be shown (last four digits), and check that listing endpoints do not return other users' contact or financial data.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
      "https://cwe.mitre.org/data/definitions/359.html",
    ],
  },
  async run(ctx) {
    // Group by endpoint so volume is counted per endpoint, across every response the scan saw.
    const byEndpoint = new Map<string, { x: RecordedExchange; matches: PiiMatch[] }>();
    for (const x of ctx.exchanges()) {
      if (FILE_CHECK_IDS.has(x.checkId) || !isTextual(x) || MARKUP_OR_CODE.test(x.headers["content-type"] ?? ""))
        continue;
      // Example values in a served spec (`user@example.com`) document the API; they are nobody's data.
      if (isApiDescription(textOf(x))) continue;
      const sent = sentTexts(x);
      const matches = detectPii(textOf(x)).filter((m) => !sent.some((s) => s.includes(m.value)));
      if (matches.length === 0) continue;
      const endpoint = `${x.request.method} ${pathOf(x.request.url)}`;
      const entry = byEndpoint.get(endpoint) ?? { x, matches: [] };
      entry.matches.push(...matches);
      byEndpoint.set(endpoint, entry);
    }
    for (const [endpoint, { x, matches }] of [...byEndpoint].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [kind, count] of [...countByKind(matches)].sort(([a], [b]) => a.localeCompare(b))) {
        const ofKind = matches.filter((m) => m.kind === kind);
        const shown = [...new Set(ofKind.map((m) => m.masked))].slice(0, 3);
        ctx.report({
          title: `Response exposes ${KIND_LABEL[kind]}`,
          severity: piiSeverity(kind, count),
          message: `${endpoint} returned ${count} distinct ${KIND_LABEL[kind]} (e.g. ${shown.join(", ")}).`,
          exchange: x,
          key: kind,
          evidence: { excerpt: shown.join(", "), detail: `${count} distinct value(s) of kind ${kind}` },
          // Contact data and internal addresses are not credentials; the identifying numbers are masked everywhere.
          secrets: kind === "internal-ip" ? [] : redactable(ofKind.map((m) => m.value)),
        });
      }
    }
  },
});
