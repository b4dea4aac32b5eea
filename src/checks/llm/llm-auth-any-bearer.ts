import { guardAdvice } from "../../detect/guard-fixes.js";
import { defineCheck } from "../../engine/check.js";
import { LlmSession } from "../../llm/session.js";
import { clip } from "../../llm/text.js";
import { AUTH_PROBE, scanCredentialHeaders } from "./_auth.js";
import { LLM10 } from "./_common.js";

const TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export default defineCheck({
  meta: {
    id: "llm-auth-any-bearer",
    title: "LLM route accepts any credential",
    category: "llm",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["LLM10:2025", "API2:2023"],
    cwe: ["CWE-287"],
    maxRequests: 2,
    methods: ["POST"],
    description:
      "The route refuses a request with no credential but answers one carrying a made-up bearer token, or (when the scan was given a credential) a wrong value in place of it, or an empty bearer. One short benign message each. A route that never checks the key it demands is open to anyone, who spends the operator's quota.",
    remediation:
      "Validate every credential on the LLM route itself (signature, expiry, revocation), not only its presence; meter usage per key." +
      guardAdvice("llm-auth-any-bearer"),
    references: [LLM10, "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"],
  },
  async run(ctx) {
    const session = LlmSession.open(ctx, { needsModel: true });
    if (typeof session === "string") return ctx.skip(session);
    const { shape, state } = session;
    if (shape.acceptsAnyBearer && state.baseline) {
      // Recognition was refused without a credential and answered with a made-up bearer token.
      ctx.report({
        key: "made-up-bearer",
        message: `${shape.kind} endpoint ${shape.path} refused a request without a credential but answered one carrying a made-up ${shape.headers?.["x-api-key"] ? "x-api-key" : "bearer token"}.`,
        exchange: state.baseline.exchange,
        evidence: { excerpt: clip(state.baseline.reply.text, 160), detail: "the token was random characters" },
      });
      return;
    }
    const names = scanCredentialHeaders(ctx);
    if (names.length === 0) return ctx.skip("the scan carries no credential and the route did not ask for one");
    const random = (n: number) => ctx.rng.token(n, TOKEN_ALPHABET);
    const identity = ctx.identities.headerNames();
    const variants: { id: string; headers: Record<string, string> }[] = [
      {
        id: "wrong-token",
        headers: Object.fromEntries(names.map((n) => [n, n === "authorization" ? `Bearer ${random(40)}` : random(40)])),
      },
      ...(identity.includes("authorization") ? [{ id: "empty-bearer", headers: { authorization: "Bearer" } }] : []),
    ];
    const results = await Promise.all(
      variants.map(async (v) => ({
        v,
        r: await session.call({ turns: [{ role: "user", content: AUTH_PROBE }] }, { spec: { headers: v.headers } }),
      })),
    );
    for (const { v, r } of results) {
      session.record({
        probe: v.id,
        family: "authentication",
        verdict: r.outcome === "ok" ? "vulnerable" : r.outcome === "auth" ? "resisted" : "inconclusive",
        method: "deterministic",
        status: r.status,
      });
      if (r.outcome === "ok" && r.reply?.text.trim())
        ctx.report({
          key: v.id,
          message: `${shape.kind} endpoint ${shape.path} answered with ${v.id === "wrong-token" ? `a wrong value in ${names.join(", ")}` : "an empty bearer token"} instead of the credential given to the scan.`,
          exchange: r.exchange,
          evidence: { excerpt: clip(r.reply.text, 160), detail: `variant ${v.id}` },
        });
    }
    if (results.some(({ r }) => r.outcome !== "ok" && r.outcome !== "auth"))
      ctx.inconclusive("a credential variant ended without a clear answer or refusal");
  },
});
