import { urlParams } from "../../detect/url-params.js";
import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import { jsonPostOperations, postJson, throwawayBody } from "../../openapi/throwaway.js";
import { CLOSED_LOOPBACK_URL, CONTROL_VALUE, judgeLoopbackProbe } from "./ssrf-loopback-probe.js";

const MAX_FIELDS = 3;

export default defineCheck({
  meta: {
    id: "ssrf-body-fields",
    title: "Server fetches URLs given in JSON body fields (SSRF)",
    category: "ssrf",
    severity: "high",
    confidence: "firm",
    owasp: ["API7:2023"],
    cwe: ["CWE-918"],
    maxRequests: MAX_FIELDS * 2,
    methods: ["POST"],
    optIn: "active",
    description:
      "Active tier only (`--active`). For a spec's JSON POST operations, each body field named or typed like a URL gets two throw-away bodies: one with a non-URL and one with a closed port on the server's own loopback (127.0.0.1:1). A connection error only for the loopback URL shows the server fetched it. Nothing outside the server is contacted; two POSTs per field.",
    remediation:
      "Allow-list the hosts the server may fetch, resolve names and refuse loopback, private and link-local addresses (also after redirects), and return one generic error for every refused or failed fetch.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/"],
  },
  async run(ctx) {
    const targets = jsonPostOperations(ctx)
      .flatMap((op) =>
        urlParams(op)
          .filter((p) => p.in === "body")
          .map((p) => ({ op, name: p.name })),
      )
      .slice(0, MAX_FIELDS);
    if (targets.length === 0) return ctx.skip("no URL-taking field in a JSON request body of the spec");
    for (const { op, name } of targets) {
      const control = await postJson(ctx, op, { ...throwawayBody(op, ctx.rng), [name]: CONTROL_VALUE });
      const probe = await postJson(ctx, op, { ...throwawayBody(op, ctx.rng), [name]: CLOSED_LOOPBACK_URL });
      const verdict = judgeLoopbackProbe(control, probe);
      if (!verdict) continue;
      ctx.report({
        ...verdict,
        message: `Body field ${name}: ${verdict.message}`,
        operation: { method: op.method, path: op.path },
        exchange: probe,
        key: name,
        evidence: {
          detail: `${name}: ${CONTROL_VALUE} -> ${control.status}; ${name}: ${CLOSED_LOOPBACK_URL} -> ${probe.status}`,
          excerpt: textOf(probe).slice(0, 200),
        },
      });
    }
  },
});
