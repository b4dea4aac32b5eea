import { defineCheck } from "../../engine/check.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";

export default defineCheck({
  meta: {
    id: "auth-credentials-over-http",
    title: "Credentials sent over plain HTTP",
    category: "authentication",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API2:2023", "API8:2023"],
    cwe: ["CWE-319", "CWE-523"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The API takes credentials over unencrypted HTTP: anyone on the network path (Wi-Fi, ISP, proxy) reads the token or password and reuses it. Loopback and private addresses are left out.",
    remediation:
      "Serve the API only over HTTPS (redirects do not help: the credential was already sent) and enable HSTS.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/"],
  },
  async run(ctx) {
    const url = ctx.target.url;
    if (url.protocol === "https:") return;
    if (isLoopbackOrPrivate(url.hostname))
      return ctx.skip("plain HTTP to a loopback or private address: the credentials do not cross a public network");
    const credentialHeaders = new Set(ctx.identities.credentialHeaders());
    const own = new Set(ctx.identities.values());
    const carried = ctx
      .exchanges()
      .find(
        (x) =>
          x.request.url.startsWith("http:") &&
          (Object.keys(x.request.headers).some((h) => credentialHeaders.has(h)) ||
            [...new URL(x.request.url).searchParams.values()].some((v) => own.has(v))),
      );
    if (!carried) return ctx.skip("no credentials were sent");
    ctx.report({
      message: `Credentials were sent to ${url.origin} over plain HTTP.`,
      exchange: carried,
      operation: { method: "GET", path: url.pathname },
    });
  },
});
