import { defineCheck } from "../../engine/check.js";
import { type InjectionVerdict, injectionMaxRequests, type ProbeClass, recordsIn, runInjection } from "./_injection.js";

export const nosqlInjection: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 4,
  // Bracket syntax (`name[$ne]=x`) exists only in query strings.
  applies: (slot) => slot.in === "query",
  async probe(p) {
    const random = `rmp${p.rng.token(10)}`;
    const plain = await p.send(random);
    const operator = await p.send(random, { nameSuffix: "[$ne]" });
    const matched = recordsIn(operator);
    // A random value matches nothing; a page that returns something anyway cannot show a filter.
    if (recordsIn(plain) > 0 || matched === 0) return undefined;
    // A server that ignores unknown bracket keys (and so drops the filter) answers this one with records too.
    const unknownKey = await p.send(random, { nameSuffix: `[rmp${p.rng.token(4)}]` });
    if (recordsIn(unknownKey) > 0) return undefined;
    const regex = await p.send(".*", { nameSuffix: "[$regex]" });
    const agrees = recordsIn(regex) > 0;
    const where = `query parameter ${p.slot.name}`;
    return {
      message: `NoSQL operator injection in ${where}: ${p.slot.name}[$ne]=${random} returns ${matched} record(s) where ${p.slot.name}=${random} returns ${recordsIn(plain)} and an unknown operator key ${recordsIn(unknownKey)}: the value reaches the query as an operator object${agrees ? "; [$regex]=.* agrees" : ""}.`,
      confidence: agrees ? "confirmed" : "firm",
      probe: operator,
      related: [
        { role: "plain value", exchange: plain },
        { role: "unknown operator key", exchange: unknownKey },
        { role: "$regex operator", exchange: regex },
      ],
      detail: `plain ${recordsIn(plain)}, $ne ${matched}, unknown key ${recordsIn(unknownKey)}, $regex ${recordsIn(regex)} record(s)`,
    } satisfies InjectionVerdict;
  },
};

export default defineCheck({
  meta: {
    id: "injection-nosql",
    title: "NoSQL operator injection",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-943"],
    maxRequests: injectionMaxRequests(nosqlInjection.requestsPerSlot),
    description:
      "Each query parameter is sent as a random plain value and with bracket syntax as an operator (`name[$ne]=value`). More records for the operator than for the plain value and for an unknown bracket key show the parser turned the value into a query operator (MongoDB-style); `[$regex]=.*` confirms. GETs only, at most 4 per parameter.",
    remediation:
      "Accept only strings (or the declared scalar type) for filter values: reject objects from the query parser, or use a sanitiser such as mongo-sanitize, and build filters with explicit `$eq`.",
    references: [
      "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection",
    ],
  },
  run: (ctx) => runInjection(ctx, nosqlInjection),
});
