import { sameAnswer } from "../../detect/injection/compare.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, textOf } from "../../engine/http.js";
import { attemptLogin, ownAccount } from "../../openapi/throwaway.js";

const answer = (x: Exchange) => ({ status: x.status, text: textOf(x) });

export default defineCheck({
  meta: {
    id: "auth-account-enumeration",
    title: "Login tells existing accounts from unknown ones",
    category: "authentication",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API2:2023"],
    cwe: ["CWE-204"],
    maxRequests: 5,
    methods: ["POST"],
    optIn: "active",
    description:
      "Active tier only (`--active`). The scan registers its own throw-away account, then sends a wrong password for it and for a random user name, twice each. Answers that differ (status or text, once the names are blanked) in the same way both times let anyone find out which accounts exist, the first step of credential stuffing. Five POSTs.",
    remediation:
      "Answer every failed login the same way (one status, one message, similar timing), whether the account exists or not; do the same for password reset and registration.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages",
    ],
  },
  async run(ctx) {
    const own = await ownAccount(ctx);
    if (!own) return;
    const { login, account } = own;
    const stranger = account.user.includes("@") ? `rmp${ctx.rng.token(10)}@example.com` : `rmp-${ctx.rng.token(10)}`;
    const wrongPassword = `rmp-wrong-${ctx.rng.token(8)}`;
    const sent = [account.user, stranger, wrongPassword];
    const known = await attemptLogin(ctx, login, account.user, wrongPassword);
    const unknown = await attemptLogin(ctx, login, stranger, wrongPassword);
    if (sameAnswer(answer(known), answer(unknown), sent)) return;
    // The same difference again: not noise (a rate limiter, a changing message).
    const knownAgain = await attemptLogin(ctx, login, account.user, wrongPassword);
    const unknownAgain = await attemptLogin(ctx, login, stranger, wrongPassword);
    const stable =
      sameAnswer(answer(knownAgain), answer(known), sent) && sameAnswer(answer(unknownAgain), answer(unknown), sent);
    if (!stable) return;
    ctx.report({
      message: `${login.op.method} ${login.op.path} answers a wrong password for an existing account (${known.status}: ${textOf(known).slice(0, 80)}) differently from one for an unknown user (${unknown.status}: ${textOf(unknown).slice(0, 80)}), the same way twice: account names can be enumerated.`,
      operation: { method: login.op.method, path: login.op.path },
      exchange: unknown,
      key: login.userField,
      evidence: {
        detail: `existing ${known.status}, unknown ${unknown.status}; repeated ${knownAgain.status}, ${unknownAgain.status}`,
      },
      secrets: [account.password],
    });
  },
});
