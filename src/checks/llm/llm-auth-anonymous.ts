import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { sentCredentials } from "../../llm/passive.js";
import { LlmSession } from "../../llm/session.js";
import { clip } from "../../llm/text.js";
import { AUTH_PROBE, scanCredentialHeaders } from "./_auth.js";
import { LLM10 } from "./_common.js";

export default defineCheck({
  meta: {
    id: "llm-auth-anonymous",
    title: "LLM route answers without any credential",
    category: "llm",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["LLM10:2025", "API2:2023"],
    cwe: ["CWE-306"],
    maxRequests: 1,
    methods: ["POST"],
    description:
      "The model answered a request that carried no credential at all (no Authorization, API key, cookie or session header or query parameter). When the scan was given credentials, one short benign message is sent without them. Critical on a provider-style API (the caller also sets model and max_tokens), high on an application's chat route: anyone who finds the URL spends the operator's inference budget or resells access (LLMjacking).",
    remediation:
      "Require authentication on every LLM route (API key, session or signed token), meter usage per identity, and never expose a provider-backed endpoint anonymously." +
      guardAdvice("llm-auth-anonymous"),
    references: [LLM10, "https://sysdig.com/blog/llmjacking-stolen-cloud-credentials-used-in-new-ai-attack/"],
  },
  async run(ctx) {
    const session = LlmSession.open(ctx, { needsModel: true });
    if (typeof session === "string") return ctx.skip(session);
    const { shape } = session;
    if (shape.acceptsAnyBearer)
      return ctx.skip("the route wants a bearer token, of any value (see llm-auth-any-bearer)");
    const severity = shape.takesParams ? "critical" : "high";
    const report = (exchange: NonNullable<typeof session.state.baseline>["exchange"], text: string, how: string) =>
      ctx.report({
        key: "anonymous",
        severity,
        message: `${shape.kind} endpoint ${shape.path} answered a request sent without any credential${how}.`,
        exchange,
        evidence: {
          excerpt: clip(text, 160),
          detail: "request carried no Authorization, API-key, cookie or session header and no key in the query",
        },
      });
    if (scanCredentialHeaders(ctx).length === 0) {
      // The scan had no credential: recognition's own answer is the proof, no request needed.
      const base = session.state.baseline;
      if (base && sentCredentials(base.exchange).length === 0 && base.reply.text.trim())
        return report(base.exchange, base.reply.text, "");
      return;
    }
    const r = await session.call(
      { turns: [{ role: "user", content: AUTH_PROBE }] },
      { spec: { identity: "anonymous" } },
    );
    session.record({
      probe: "anonymous",
      family: "authentication",
      verdict: r.outcome === "ok" ? "vulnerable" : r.outcome === "auth" ? "resisted" : "inconclusive",
      method: "deterministic",
      status: r.status,
    });
    if (r.outcome === "ok" && r.reply?.text.trim() && r.exchange)
      return report(r.exchange, r.reply.text, " (the credentials given to the scan were left out)");
    if (r.outcome !== "auth")
      ctx.inconclusive(`the anonymous request ended ${r.outcome}${r.status ? ` (status ${r.status})` : ""}`);
  },
});
