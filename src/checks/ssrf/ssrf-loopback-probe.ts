import { withParam } from "../../detect/pagination.js";
import { urlParams } from "../../detect/url-params.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import { textOf } from "../../engine/http.js";
import { operationUrl } from "../../engine/target.js";

/** Port 1 (tcpmux) on loopback: nothing listens there, so a server that fetches gets "connection refused". */
export const CLOSED_LOOPBACK_URL = "http://127.0.0.1:1/rampart-ssrf-probe";
/** Not a URL at all: how the parameter fails when nothing is fetched. */
export const CONTROL_VALUE = "rampart-not-a-url";
const MAX_PARAMS = 3;
/** Error text of a failed outbound connection, across runtimes and HTTP libraries. */
const CONNECT_ERROR =
  /ECONNREFUSED|connection refused|connect\(\) failed|failed to connect|couldn'?t connect|no connection could be made|Connection reset|EHOSTUNREACH|socket hang up|fetch failed|Max retries exceeded/i;

export default defineCheck({
  meta: {
    id: "ssrf-loopback-probe",
    title: "Server fetches URLs it is given (SSRF)",
    category: "ssrf",
    severity: "high",
    confidence: "firm",
    owasp: ["API7:2023"],
    cwe: ["CWE-918"],
    maxRequests: MAX_PARAMS * 2,
    optIn: "ssrf-probe",
    description:
      "Each URL-taking query parameter gets two values: a non-URL and a URL of a closed port on the server's own loopback (127.0.0.1:1). A connection error or a different failure for the loopback URL shows the server tried to connect: it fetches attacker-chosen URLs, including internal ones. Nothing outside the server is contacted.",
    remediation:
      "Allow-list the hosts the server may fetch, resolve names and refuse loopback, private and link-local addresses (also after redirects), and return one generic error for every refused or failed fetch.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/"],
  },
  async run(ctx) {
    const targets = ctx.target.operations
      .filter((op) => op.method === "GET")
      .flatMap((op) =>
        urlParams(op)
          .filter((p) => p.in === "query")
          .map((p) => ({ op, name: p.name })),
      )
      .slice(0, MAX_PARAMS);
    if (targets.length === 0) return ctx.skip("no URL-taking query parameter known");
    for (const { op, name } of targets) {
      const base = operationUrl(op);
      const control = await ctx.http.get(withParam(base, name, CONTROL_VALUE));
      const probe = await ctx.http.get(withParam(base, name, CLOSED_LOOPBACK_URL));
      const verdict = judgeLoopbackProbe(control, probe);
      if (!verdict) continue;
      ctx.report({
        ...verdict,
        operation: { method: "GET", path: op.path },
        exchange: probe,
        key: name,
        evidence: {
          detail: `${name}=${CONTROL_VALUE}: ${control.status}; ${name}=${CLOSED_LOOPBACK_URL}: ${probe.status}`,
          excerpt: textOf(probe).slice(0, 200),
        },
      });
    }
  },
});

/** A connection error only for the loopback URL is firm; a server error only for it is tentative. */
export function judgeLoopbackProbe(control: Exchange, probe: Exchange) {
  const connectError = CONNECT_ERROR.test(textOf(probe)) && !CONNECT_ERROR.test(textOf(control));
  if (connectError)
    return {
      confidence: "firm" as const,
      message: `Given ${CLOSED_LOOPBACK_URL}, the API answered ${probe.status} with a connection error: it tried to connect to its own loopback.`,
    };
  if (probe.status >= 500 && probe.status !== control.status && control.status < 500)
    return {
      severity: "medium" as const,
      confidence: "tentative" as const,
      message: `The loopback URL made the API fail with ${probe.status} where a non-URL gave ${control.status}: it probably tried to fetch it.`,
    };
  return undefined;
}
