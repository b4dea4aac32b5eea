import { defineCheck } from "../../engine/check.js";
import { type InjectionVerdict, injectionMaxRequests, type ProbeClass, recordsIn, runInjection } from "./_injection.js";

/**
 * A lookup that matches a bare `*` against everything passes the value into a filter language
 * unescaped: LDAP (`(uid=*)`), a search syntax or a glob. A random value must match nothing, a
 * random prefix with `*` nothing either (so the server matches patterns rather than dropping the
 * filter), and the first letter of the sample value with `*` at least one record (so it is real
 * pattern matching).
 */
/** Parameters that look up a directory entry (a user, an account, a group), where `*` has no business. Search boxes are left out: many support wildcards on purpose. */
const LOOKUP_NAME =
  /^(uid|user|username|user_?name|login|cn|dn|sn|mail|email|account|member|owner|group|principal|name|handle)$|(User|_user|Name|_name|Login|_login)$/i;

export const wildcardInjection: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 4,
  applies: (slot) => slot.in === "query" && LOOKUP_NAME.test(slot.name) && /^[a-z][a-z0-9._@-]*$/i.test(slot.value),
  async probe(p) {
    const random = `rmp${p.rng.token(10)}`;
    const plain = await p.send(random);
    if (recordsIn(plain) > 0) return undefined;
    const star = await p.send("*");
    const all = recordsIn(star);
    if (all === 0) return undefined;
    const randomPrefix = await p.send(`${random}*`);
    if (recordsIn(randomPrefix) > 0) return undefined;
    const prefix = `${p.slot.value[0]}*`;
    const byPrefix = await p.send(prefix);
    const agrees = recordsIn(byPrefix) > 0;
    return {
      message: `Wildcard injection in query parameter ${p.slot.name}: * returns ${all} record(s) where a random value returns none${agrees ? `, and ${prefix} matches by prefix` : ""}. The value reaches a filter (LDAP, search syntax, glob) unescaped, so callers can enumerate what the lookup should only confirm.`,
      confidence: agrees ? "confirmed" : "firm",
      probe: star,
      related: [
        { role: "random value", exchange: plain },
        { role: "random prefix with *", exchange: randomPrefix },
        { role: `prefix ${prefix}`, exchange: byPrefix },
      ],
      detail: `random 0, * ${all}, random* 0, ${prefix} ${recordsIn(byPrefix)} record(s)`,
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "injection-wildcard",
    title: "Wildcard injection in a lookup (LDAP-style filters)",
    category: "input-validation",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-90", "CWE-943"],
    maxRequests: injectionMaxRequests(wildcardInjection.requestsPerSlot),
    description:
      "Query parameters that look up an entry (uid, user, login, mail, account, group...) with a word-like sample value get a random value, a bare `*`, a random prefix with `*` and the sample's first letter with `*`. Records for `*` and for the prefix, none for the random values, show the value is used as a pattern in a filter language (LDAP, a search syntax, a glob) without escaping. At most 4 GETs per parameter.",
    remediation:
      "Escape filter metacharacters for the language used (RFC 4515 for LDAP: `*` as `\\2a`, parentheses, backslash, NUL), or match exactly; require a minimum length before any pattern search.",
    references: ["https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html"],
  },
  run: (ctx) => runInjection(ctx, wildcardInjection),
});
