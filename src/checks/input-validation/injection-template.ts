import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import type { Rng } from "../../engine/rng.js";
import {
  excerptAround,
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  runInjection,
} from "./_injection.js";

/** Template delimiters and the engines that use them. */
const DELIMITERS = [
  { open: "{{", close: "}}", engines: "Jinja2, Twig, Nunjucks, Handlebars-like" },
  { open: "${", close: "}", engines: "FreeMarker, Velocity, JS template literals, EL" },
  { open: "<%= ", close: " %>", engines: "ERB, EJS" },
  { open: "#{", close: "}", engines: "Pug, Ruby, Thymeleaf" },
] as const;

interface Canary {
  /** What is sent: a marker, the expression in its delimiters, a marker. */
  sent: string;
  /** What an evaluating engine returns: the markers around the product. */
  evaluated: string;
}

/**
 * The product sits between two random markers: only an engine that evaluated the expression and
 * dropped its delimiters yields `marker + product + marker`. A calculator that evaluates a bare
 * `a*b` does not (the markers are not arithmetic), and the product never appears in the request.
 */
function canary(rng: Rng, d: (typeof DELIMITERS)[number]): Canary {
  const a = 1000 + rng.int(9000);
  const b = 1000 + rng.int(9000);
  const left = `rmp${rng.token(4, "abcdefghijklmnopqrstuvwxyz")}`;
  const right = rng.token(4, "abcdefghijklmnopqrstuvwxyz");
  return { sent: `${left}${d.open}${a}*${b}${d.close}${right}`, evaluated: `${left}${a * b}${right}` };
}

export const templateInjection: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 2,
  applies: () => true,
  async probe(p) {
    const canaries = DELIMITERS.map((d) => ({ d, c: canary(p.rng, d) }));
    // One request carries every delimiter, each with its own product.
    const probe = await p.send(canaries.map(({ c }) => c.sent).join(" "));
    const hit = canaries.find(({ c }) => textOf(probe).includes(c.evaluated));
    if (!hit) return undefined;
    const second = canary(p.rng, hit.d);
    const confirm = await p.send(second.sent);
    const agrees = textOf(confirm).includes(second.evaluated);
    return {
      message: `Server-side template injection in ${p.slot.in} parameter ${p.slot.name}: ${hit.d.open}a*b${hit.d.close} comes back evaluated (${hit.c.evaluated})${agrees ? ", and a second product in the same delimiters too" : ""}. Engines with this syntax: ${hit.d.engines}.`,
      confidence: agrees ? "confirmed" : "firm",
      severity: "high",
      probe,
      related: [{ role: "second product", exchange: confirm }],
      detail: `delimiters ${hit.d.open}…${hit.d.close}; sent ${hit.c.sent}; got ${hit.c.evaluated}`,
      excerpt: excerptAround(probe, hit.c.evaluated),
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "injection-template",
    title: "Server-side template injection",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-1336", "CWE-94"],
    maxRequests: injectionMaxRequests(templateInjection.requestsPerSlot),
    description:
      "Each parameter gets arithmetic canaries in the common template delimiters (`{{a*b}}`, `$`+`{a*b}`, `<%= a*b %>`, `#{a*b}`) between random markers, with random a and b. The product between the markers, which is never in the request, shows a template engine evaluated the value; a second product confirms. A calculator that evaluates plain arithmetic does not match. One request per parameter, two on a hit.",
    remediation:
      "Never build a template from user input: pass values as data to a fixed template, or use a logic-less, sandboxed engine.",
    references: ["https://portswigger.net/web-security/server-side-template-injection"],
  },
  run: (ctx) => runInjection(ctx, templateInjection),
});
