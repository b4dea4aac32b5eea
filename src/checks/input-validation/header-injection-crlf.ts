import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import {
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  runInjection,
  startValue,
} from "./_injection.js";

/** The response header a successful split creates: the nonce is in its name, so nothing else makes it. */
function injected(x: Exchange, name: string, nonce: string): boolean {
  return x.headers[name]?.includes(nonce) === true;
}

export const crlfInjection: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 2,
  applies: () => true,
  async probe(p) {
    const value = startValue(p.slot);
    const nonce = p.rng.token(10);
    const name = `x-rampart-${nonce}`;
    const probe = await p.send(`${value}\r\n${name}: ${nonce}`);
    if (!injected(probe, name, nonce)) return undefined;
    const nonce2 = p.rng.token(10);
    const name2 = `x-rampart-${nonce2}`;
    // A second header with a fresh name: the first was not a cached or reflected fluke.
    const confirm = await p.send(`${value}\r\n${name2}: ${nonce2}`);
    const agrees = injected(confirm, name2, nonce2);
    return {
      message: `HTTP header injection in ${p.slot.in} parameter ${p.slot.name}: an encoded CRLF followed by a header comes back as a response header of its own (${name})${agrees ? ", twice with fresh names" : ""}. An attacker can set cookies, redirect or split the response.`,
      confidence: agrees ? "confirmed" : "firm",
      probe,
      related: [{ role: "second header", exchange: confirm }],
      detail: `sent %0D%0A${name}: ${nonce}; response header ${name}: ${probe.headers[name]}`,
      excerpt: `${name}: ${probe.headers[name]}`,
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "header-injection-crlf",
    title: "HTTP header injection (CRLF)",
    category: "input-validation",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-113", "CWE-93"],
    maxRequests: injectionMaxRequests(crlfInjection.requestsPerSlot),
    description:
      "Each parameter gets its value followed by an encoded CRLF and a header whose name holds a random nonce. That header appearing in the response shows the value is written into the response head unescaped (response splitting); a second nonce confirms. One GET per parameter, two on a hit.",
    remediation:
      "Never copy request values into response headers unencoded: reject CR and LF, or use the framework's header API (which refuses them) and encode values placed in Location or Set-Cookie.",
    references: ["https://owasp.org/www-community/attacks/HTTP_Response_Splitting"],
  },
  run: (ctx) => runInjection(ctx, crlfInjection),
});
