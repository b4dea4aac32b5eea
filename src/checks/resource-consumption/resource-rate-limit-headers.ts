import { isSuccess } from "../../detect/response-shape.js";
import { defineCheck } from "../../engine/check.js";

/** IETF RateLimit fields and the common X- forms, plus Retry-After. */
export const RATE_LIMIT_HEADER = /^(ratelimit(-[a-z]+)?|x-ratelimit-[a-z-]+|x-rate-limit-[a-z-]+|retry-after)$/;

export default defineCheck({
  meta: {
    id: "resource-rate-limit-headers",
    title: "No rate-limit headers advertised",
    category: "resource-consumption",
    severity: "low",
    confidence: "firm",
    owasp: ["API4:2023"],
    cwe: ["CWE-770"],
    phase: "passive",
    maxRequests: 0,
    description:
      "No response carried `RateLimit-*`, `X-RateLimit-*` or `Retry-After`, and none was a 429. Either there is no limit, or clients cannot see it and back off; a weak signal on its own, see resource-rate-limit-burst for the active test.",
    remediation:
      "Enforce per-client limits at the gateway and advertise them with `RateLimit-Policy`/`RateLimit` (or `X-RateLimit-Limit`/`-Remaining`/`-Reset`), answering 429 with `Retry-After` when exceeded.",
    references: ["https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/"],
  },
  async run(ctx) {
    const exchanges = ctx.exchanges();
    if (exchanges.some((x) => x.status === 429 || Object.keys(x.headers).some((h) => RATE_LIMIT_HEADER.test(h))))
      return;
    const sample = exchanges.find(isSuccess);
    if (!sample) return ctx.skip("no successful response to judge");
    ctx.report({
      message: `None of ${exchanges.length} responses advertised a rate limit (no RateLimit-*, X-RateLimit-* or Retry-After, no 429).`,
      exchange: sample,
      operation: { method: "GET", path: ctx.target.url.pathname },
    });
  },
});
