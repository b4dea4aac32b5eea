import { defineCheck } from "../../engine/check.js";
import { contentType } from "../../engine/http.js";

export function isJsonType(type: string): boolean {
  return type === "application/json" || /^application\/[\w.-]+\+json$/.test(type);
}

export default defineCheck({
  meta: {
    id: "headers-content-type-options",
    title: "JSON responses without X-Content-Type-Options: nosniff",
    category: "input-validation",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-693"],
    phase: "passive",
    maxRequests: 0,
    description:
      "Without `X-Content-Type-Options: nosniff` a browser may sniff a JSON answer that echoes user input as HTML or script and run it. Judged on every JSON response the scan saw; reported once, with how many lacked the header.",
    remediation:
      "Send `X-Content-Type-Options: nosniff` on every response (most frameworks and reverse proxies can add it globally), together with an accurate Content-Type.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options",
    ],
  },
  async run(ctx) {
    const json = ctx.exchanges().filter((x) => isJsonType(contentType(x)));
    if (json.length === 0) return ctx.skip("no JSON response seen");
    const lacking = json.filter((x) => x.headers["x-content-type-options"]?.trim().toLowerCase() !== "nosniff");
    if (lacking.length === 0) return;
    const first = lacking[0];
    const value = first.headers["x-content-type-options"];
    ctx.report({
      message: `${lacking.length} of ${json.length} JSON responses lack X-Content-Type-Options: nosniff${value ? ` (one sends ${JSON.stringify(value)})` : ""}.`,
      exchange: first,
      key: "json",
      evidence: { responseHeaders: { "content-type": first.headers["content-type"] ?? "" } },
    });
  },
});
