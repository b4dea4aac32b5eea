import { URL_PARAM_NAME } from "../../detect/url-params.js";
import { defineCheck } from "../../engine/check.js";
import type { Exchange } from "../../engine/http.js";
import type { ParamSlot } from "../../engine/params.js";
import { type InjectionVerdict, injectionMaxRequests, type ProbeClass, runInjection } from "./_injection.js";

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Names of parameters that carry where to go next, beyond the URL-taking ones. */
const REDIRECT_NAME =
  /^(r|u|go|to|goto|out|back|forward|jump|return|returnTo|return_path|redir|redirect_uri|login_redirect|success_url|cancel_url|state)$/i;

/** The host a Location points to, when it is absolute or scheme-relative. */
function locationHost(x: Exchange): string | undefined {
  const location = x.headers.location;
  if (!REDIRECT_STATUS.has(x.status) || !location) return undefined;
  if (!/^([a-z][a-z0-9+.-]*:)?\/\//i.test(location.trim())) return undefined;
  try {
    return new URL(location.trim(), "http://placeholder.invalid").hostname;
  } catch {
    return undefined;
  }
}

/** A redirect-like name, a URL-looking value, or a baseline that already redirects to the value. */
function takesDestination(slot: ParamSlot, baseline: Exchange | undefined): boolean {
  if (slot.in !== "query") return false;
  if (REDIRECT_NAME.test(slot.name) || URL_PARAM_NAME.test(slot.name)) return true;
  if (/^(https?:)?\/\//i.test(slot.value) || slot.value.startsWith("/")) return true;
  const location = baseline?.headers.location;
  return location !== undefined && slot.value.length > 2 && location.includes(slot.value);
}

export const openRedirect: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 2,
  applies: takesDestination,
  async probe(p) {
    // A reserved domain (RFC 2606): even a browser that follows it reaches nobody's server.
    const host = `rmp${p.rng.token(8)}.example.com`;
    const probe = await p.send(`https://${host}/`);
    if (locationHost(probe) !== host) return undefined;
    const second = `rmp${p.rng.token(8)}.example.org`;
    const confirm = await p.send(`//${second}/`);
    const agrees = locationHost(confirm) === second;
    return {
      message: `Open redirect in query parameter ${p.slot.name}: the API answers ${probe.status} with Location ${probe.headers.location}${agrees ? ", and a scheme-relative //host is followed too" : ""}. Links on the API's own domain can send users anywhere (phishing, OAuth token theft).`,
      confidence: agrees ? "confirmed" : "firm",
      probe,
      related: [{ role: "scheme-relative destination", exchange: confirm }],
      detail: `${p.slot.name}=https://${host}/ -> ${probe.status} Location: ${probe.headers.location}`,
      excerpt: `Location: ${probe.headers.location}`,
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "open-redirect",
    title: "Open redirect",
    category: "input-validation",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023", "A01:2021"],
    cwe: ["CWE-601"],
    maxRequests: injectionMaxRequests(openRedirect.requestsPerSlot),
    description:
      "Parameters that name a destination (by name, by value, or because the API already redirects to their value) get an absolute URL on a reserved example domain. A Location header pointing there is an open redirect; a scheme-relative `//host` confirms. Redirects are never followed. Two GETs per parameter at most.",
    remediation:
      "Redirect only to relative paths or to an allow-list of hosts, compared after parsing the URL; map destinations to ids where you can.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"],
  },
  run: (ctx) => runInjection(ctx, openRedirect),
});
