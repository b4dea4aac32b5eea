import { defineCheck } from "../../engine/check.js";

/** Browsers and the HSTS preload list treat anything under about six months as too short. */
const MIN_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

export type HstsVerdict =
  | { ok: true }
  | { ok: false; key: "missing" | "malformed" | "short-max-age" | "multiple"; problem: string };

/** Judges one Strict-Transport-Security value (undefined when the header is absent). */
export function judgeHsts(value: string | undefined): HstsVerdict {
  if (value === undefined || value.trim() === "") return { ok: false, key: "missing", problem: "is not sent" };
  // The client joins repeated headers with ", "; browsers honour only the first one.
  if (value.includes(",")) return { ok: false, key: "multiple", problem: "is sent more than once" };
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  if (!maxAge) return { ok: false, key: "malformed", problem: "has no valid max-age directive" };
  const seconds = Number(maxAge[1]);
  if (seconds < MIN_MAX_AGE_SECONDS) {
    const days = Math.floor(seconds / 86400);
    const what = seconds === 0 ? "max-age=0, which deletes the policy" : `max-age=${seconds} (${days} days)`;
    return { ok: false, key: "short-max-age", problem: `has ${what}; at least 180 days are expected` };
  }
  return { ok: true };
}

export default defineCheck({
  meta: {
    id: "transport-hsts",
    title: "HTTPS responses without a lasting Strict-Transport-Security policy",
    category: "encryption",
    severity: "low",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-523"],
    maxRequests: 0,
    description:
      "Without Strict-Transport-Security (or with a max-age under 180 days) a browser-based client's first request, or any link written as http://, can be downgraded and intercepted (SSL stripping). Judged from the engine's baseline responses over https.",
    remediation:
      "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response, once per response.",
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html",
      "https://www.rfc-editor.org/rfc/rfc6797",
    ],
  },
  async run(ctx) {
    if (ctx.target.url.protocol !== "https:") return ctx.skip("the target is not served over https");
    const baselines = ctx.target.operations.flatMap((op) => ctx.baseline(op) ?? []);
    if (baselines.length === 0) return ctx.inconclusive("no baseline response to judge");
    for (const x of baselines) {
      const verdict = judgeHsts(x.headers["strict-transport-security"]);
      if (verdict.ok) continue;
      const value = x.headers["strict-transport-security"];
      ctx.report({
        message: `Strict-Transport-Security ${verdict.problem}.`,
        exchange: x,
        key: verdict.key,
        evidence: value === undefined ? {} : { responseHeaders: { "strict-transport-security": value } },
      });
    }
  },
});
