import { defineCheck } from "../../engine/check.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";
import { specOperationRef, specOrSkip } from "../../openapi/checks.js";

export default defineCheck({
  meta: {
    id: "openapi-server-plain-http",
    title: "Spec lists a server over plain HTTP",
    category: "encryption",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-319"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A server in the spec uses http://: clients and generated SDKs that pick it send credentials and data in clear text.",
    remediation:
      "List only https:// servers in the spec (Swagger 2.0: `schemes: [https]`) and redirect or refuse plain HTTP.",
    references: ["https://spec.openapis.org/oas/v3.1.0#server-object"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    for (const server of spec.model.servers) {
      if (!/^http:\/\//i.test(server)) continue;
      let host: string;
      try {
        host = new URL(server).hostname;
      } catch {
        continue;
      }
      // A loopback or private address is a development server: openapi-server-internal-host covers it.
      if (isLoopbackOrPrivate(host)) continue;
      ctx.report({
        message: `The spec lists ${server}: requests to it travel unencrypted.`,
        operation: specOperationRef(spec),
        key: server,
        evidence: { detail: `servers: ${spec.model.servers.join(", ")}` },
      });
    }
  },
});
