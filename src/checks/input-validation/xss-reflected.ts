import { defineCheck } from "../../engine/check.js";
import { contentType, type Exchange, textOf } from "../../engine/http.js";
import {
  excerptAround,
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  runInjection,
  startValue,
} from "./_injection.js";

/** Only these are rendered as HTML by a browser; JSON with nosniff is not (and without it, not in modern browsers). */
function rendersHtml(x: Exchange): boolean {
  const type = contentType(x);
  return type === "text/html" || type === "application/xhtml+xml";
}

export const reflectedXss: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 2,
  applies: () => true,
  async probe(p) {
    const value = startValue(p.slot);
    const tag = `<rmp${p.rng.token(8)}>`;
    const probe = await p.send(`${value}${tag}`);
    if (!rendersHtml(probe) || !textOf(probe).includes(tag)) return undefined;
    // Breaking out of an attribute as well: a second, independent tag.
    const tag2 = `<rmp${p.rng.token(8)} x=1>`;
    const confirm = await p.send(`${value}"'>${tag2}`);
    const agrees = rendersHtml(confirm) && textOf(confirm).includes(tag2);
    return {
      message: `Reflected XSS in ${p.slot.in} parameter ${p.slot.name}: the tag ${tag} comes back unencoded in a ${contentType(probe)} page${agrees ? ", and a second tag after a quote breakout too" : ""}. A link can run script in the API's origin.`,
      confidence: agrees ? "confirmed" : "firm",
      probe,
      related: [{ role: "second tag", exchange: confirm }],
      detail: `content-type ${probe.headers["content-type"] ?? "none"}; ${tag} reflected unencoded`,
      excerpt: excerptAround(probe, tag, 60),
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "xss-reflected",
    title: "Reflected cross-site scripting",
    category: "input-validation",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-79"],
    maxRequests: injectionMaxRequests(reflectedXss.requestsPerSlot),
    description:
      "Each parameter gets a tag with a random name. The tag reflected unencoded in a text/html answer is reflected XSS; a second tag after a quote breakout confirms. Reflection inside JSON is not XSS and is not reported. One GET per parameter, two on a hit.",
    remediation:
      "Encode every value for the context it is written into (HTML body, attribute, script), serve API answers as application/json with X-Content-Type-Options: nosniff, and add a Content-Security-Policy.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html"],
  },
  run: (ctx) => runInjection(ctx, reflectedXss),
});
