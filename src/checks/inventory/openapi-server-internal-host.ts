import { defineCheck } from "../../engine/check.js";
import { isLoopbackOrPrivate } from "../../engine/target.js";
import { specOperationRef, specOrSkip } from "../../openapi/checks.js";

/** Host name labels of non-production environments and internal networks. */
const NON_PRODUCTION_LABEL =
  /(^|[.-])(staging|stage|stg|dev|devel|development|test|testing|qa|uat|sandbox|preprod|pre-prod|internal|intranet|corp|local|localhost|lan|int)([.-]|$)/i;

/** Why a server host looks internal, or undefined. */
export function internalHostReason(host: string): string | undefined {
  if (isLoopbackOrPrivate(host)) return "a loopback or private address";
  const label = NON_PRODUCTION_LABEL.exec(host);
  return label ? `a "${label[2]}" host` : undefined;
}

export default defineCheck({
  meta: {
    id: "openapi-server-internal-host",
    title: "Spec names a staging or internal server",
    category: "inventory",
    severity: "low",
    confidence: "firm",
    owasp: ["API9:2023"],
    cwe: ["CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "The published spec lists a staging, development or internal host. It maps infrastructure for an attacker, and non-production copies of an API usually have weaker controls and real data.",
    remediation:
      "Publish a spec with production servers only; keep environment-specific servers in private overlays and make sure staging hosts are not reachable from the internet.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/"],
  },
  async run(ctx) {
    const spec = specOrSkip(ctx);
    if (!spec) return;
    for (const server of spec.model.servers) {
      let url: URL;
      try {
        url = new URL(server);
      } catch {
        continue; // Relative servers name no host.
      }
      // The host being scanned is known to whoever runs the scan.
      if (url.origin === ctx.target.origin) continue;
      const reason = internalHostReason(url.hostname);
      if (!reason) continue;
      ctx.report({
        message: `The spec lists ${server}, ${reason}.`,
        operation: specOperationRef(spec),
        key: server,
        evidence: { detail: `servers: ${spec.model.servers.join(", ")}` },
      });
    }
  },
});
