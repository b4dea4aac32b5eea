import { detectSecrets, distinctSecrets, redactedExcerpt } from "../../detect/secrets/index.js";
import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import { FILE_CHECK_IDS, isTextual, redactable, secretKeyer, sentTexts } from "./_common.js";

/** HTML pages and scripts are what browsers download: the client-side check judges those (it rescans the scanned page). */
const BROWSER_CODE = /html|javascript|ecmascript/;

/** JWTs are what login and token endpoints are meant to return: not a leak by shape alone. */
const ISSUED_TO_CLIENTS = new Set(["jwt"]);

export default defineCheck({
  meta: {
    id: "data-exposure-secrets-in-responses",
    title: "Response contains a provider secret",
    category: "data-exposure",
    severity: "critical",
    confidence: "firm",
    owasp: ["API3:2023", "API8:2023"],
    cwe: ["CWE-200", "CWE-798"],
    phase: "passive",
    maxRequests: 0,
    description:
      "An API response carries a credential for a third-party service (an LLM provider, a cloud, a payment processor, a source host, a database). Anyone who calls the endpoint can spend the owner's quota or reach their data.",
    remediation:
      "Revoke and rotate the key now, then stop returning it: keep provider keys on the server, call the provider from there, and strip secret fields from response models (an allow-list serializer, not a deny-list).",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
      "https://cwe.mitre.org/data/definitions/798.html",
    ],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (FILE_CHECK_IDS.has(x.checkId) || !isTextual(x)) continue;
      if (x.checkId === "baseline" && BROWSER_CODE.test(x.headers["content-type"] ?? "")) continue;
      const headerText = Object.entries(x.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n");
      const text = `${headerText}\n\n${textOf(x)}`;
      const matches = detectSecrets(text, { sent: sentTexts(x) }).filter((m) => !ISSUED_TO_CLIENTS.has(m.ruleId));
      const keyOf = secretKeyer();
      for (const m of distinctSecrets(matches)) {
        if (reported.has(m.value)) continue;
        reported.add(m.value);
        const where = m.start < headerText.length ? "a response header" : "the response body";
        ctx.report({
          severity: m.severity,
          message: `${m.provider} secret ${m.masked} in ${where} of ${x.request.method} ${new URL(x.request.url).pathname}.`,
          exchange: x,
          key: keyOf(m.ruleId, m.value),
          evidence: {
            excerpt: redactedExcerpt(text, m, matches),
            detail: `rule ${m.ruleId}: ${m.provider}, ${m.value.length} characters, shown as ${m.masked}`,
          },
          secrets: redactable([m.value]),
        });
      }
    }
  },
});
