import { sameAnswer } from "../../detect/injection/compare.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, textOf } from "../../engine/http.js";
import { attemptLogin, ownAccount } from "../../openapi/throwaway.js";

const answer = (x: Exchange) => ({ status: x.status, text: textOf(x) });
const succeeded = (x: Exchange) => x.status >= 200 && x.status < 300;

export default defineCheck({
  meta: {
    id: "auth-login-operator-injection",
    title: "Login accepts a query operator as the password",
    category: "authentication",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API2:2023", "A03:2021"],
    cwe: ["CWE-943", "CWE-287"],
    maxRequests: 5,
    methods: ["POST"],
    optIn: "active",
    description:
      'Active tier only (`--active`). The scan registers its own throw-away account, then logs in with the right password, a wrong one, and `{"$ne": <random>}` as the password. A login that succeeds with the operator, where the wrong password fails, lets anyone into any account whose name they know (MongoDB-style operator injection in a JSON body); `{"$gt": ""}` confirms. Only the scan\'s own account is ever targeted; five POSTs.',
    remediation:
      "Validate that credentials are strings before they reach the query (a schema on the body, or mongo-sanitize), and compare password hashes in code rather than in the database filter.",
    references: [
      "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection",
    ],
  },
  async run(ctx) {
    const own = await ownAccount(ctx);
    if (!own) return;
    const { login, account } = own;
    const right = await attemptLogin(ctx, login, account.user, account.password);
    const wrong = await attemptLogin(ctx, login, account.user, `rmp-wrong-${ctx.rng.token(8)}`);
    if (!succeeded(right) || succeeded(wrong))
      return ctx.inconclusive("the throw-away account's login did not behave like a login");
    const operator = await attemptLogin(ctx, login, account.user, { $ne: `rmp-${ctx.rng.token(8)}` });
    if (!succeeded(operator) || sameAnswer(answer(operator), answer(wrong))) return;
    const second = await attemptLogin(ctx, login, account.user, { $gt: "" });
    const agrees = succeeded(second);
    ctx.report({
      message: `${login.op.method} ${login.op.path} logs the scan's own account in with {"$ne": …} as ${login.passwordField} (${operator.status}, like the right password; a wrong one gets ${wrong.status})${agrees ? ', and with {"$gt": ""} too' : ""}: anyone who knows a user name gets in.`,
      confidence: agrees ? "confirmed" : "firm",
      operation: { method: login.op.method, path: login.op.path },
      exchange: operator,
      key: login.passwordField,
      evidence: {
        detail: `right ${right.status}, wrong ${wrong.status}, $ne ${operator.status}, $gt ${second.status}`,
      },
      secrets: [account.password],
    });
  },
});
