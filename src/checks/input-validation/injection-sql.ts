import { type Answer, sameAnswer } from "../../detect/injection/compare.js";
import { findSqlError, type SqlErrorMatch } from "../../detect/injection/sql-errors.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, textOf } from "../../engine/http.js";
import {
  excerptAround,
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  recordsIn,
  runInjection,
  type SlotProbe,
  startValue,
} from "./_injection.js";

/**
 * A true/false pair of values: the same text but for one digit, so an echo of it cannot tell them
 * apart. Lower-case operators: SQL does not care, and XPath 1.0 (`' and '4'='4`) only knows these.
 */
interface BooleanPair {
  context: string;
  truthy(k: number): string;
  falsy(k: number): string;
}

const NUMERIC: BooleanPair = {
  context: "numeric",
  truthy: (k) => ` and ${k}=${k}`,
  falsy: (k) => ` and ${k}=${k + 1}`,
};
const QUOTED: BooleanPair = {
  context: "string",
  truthy: (k) => `' and '${k}'='${k}`,
  falsy: (k) => `' and '${k}'='${k + 1}`,
};
/** Ends the statement with a comment, for values inside LIKE '%...%' or followed by more SQL. */
const QUOTED_COMMENT: BooleanPair = {
  context: "string, rest of the statement commented out",
  truthy: (k) => `' and ${k}=${k}-- `,
  falsy: (k) => `' and ${k}=${k + 1}-- `,
};
/** For a value inside parentheses, `WHERE (name LIKE '%…%')`: close them, then comment out the rest. */
const QUOTED_PAREN: BooleanPair = {
  context: "string inside parentheses",
  truthy: (k) => `') and ${k}=${k}-- `,
  falsy: (k) => `') and ${k}=${k + 1}-- `,
};
/** For a value that matches nothing: the true side then returns rows the false side does not. */
const QUOTED_OR: BooleanPair = {
  context: "string, OR",
  truthy: (k) => `' or ${k}=${k}-- `,
  falsy: (k) => `' or ${k}=${k + 1}-- `,
};

const answer = (x: Exchange): Answer => ({ status: x.status, text: textOf(x) });

/** The original value matched nothing (an error or an empty list): only an OR condition can show a difference. */
function isEmpty(x: Exchange): boolean {
  return recordsIn(x) === 0 || /"\w+"\s*:\s*\[\s*\]/.test(textOf(x));
}

interface LoneQuote {
  /** The answer to the value with a lone quote appended (absent when the original already shows a database error). */
  quote?: Exchange;
  error?: { probe: Exchange; error: SqlErrorMatch; balanced: Exchange; balancedClean: boolean };
}

async function loneQuote(p: SlotProbe, value: string, original: Exchange): Promise<LoneQuote> {
  if (findSqlError(textOf(original))) return {};
  const probe = await p.send(`${value}'`);
  const error = findSqlError(textOf(probe));
  if (!error) return { quote: probe };
  // A doubled quote is valid SQL: an engine that fails on one quote and not on two parses the value as SQL.
  const balanced = await p.send(`${value}''`);
  return { quote: probe, error: { probe, error, balanced, balancedClean: !findSqlError(textOf(balanced)) } };
}

interface Differential {
  pair: BooleanPair;
  truthy: Exchange;
  falsy: Exchange;
  /** Every value sent for the pair: their echoes are blanked before comparing. */
  sent: string[];
}

/** One pair: the two sides differ, and one of them is the original page. */
async function differential(p: SlotProbe, value: string, original: Exchange, pair: BooleanPair, k: number) {
  const truthyValue = value + pair.truthy(k);
  const falsyValue = value + pair.falsy(k);
  const truthy = await p.send(truthyValue);
  const falsy = await p.send(falsyValue);
  const sent = [truthyValue, falsyValue, value];
  if (sameAnswer(answer(truthy), answer(falsy), sent)) return undefined;
  const base = answer(original);
  if (!sameAnswer(answer(truthy), base, sent) && !sameAnswer(answer(falsy), base, sent)) return undefined;
  return { pair, truthy, falsy, sent };
}

/** The noise model: the original again, and a second pair with other numbers, must all agree. */
async function confirmDifferential(p: SlotProbe, value: string, original: Exchange, d: Differential, k: number) {
  const again = await p.send(value);
  if (!sameAnswer(answer(again), answer(original), [value])) return undefined;
  const truthyValue = value + d.pair.truthy(k);
  const falsyValue = value + d.pair.falsy(k);
  const truthy = await p.send(truthyValue);
  const falsy = await p.send(falsyValue);
  const sent = [truthyValue, falsyValue, ...d.sent];
  const agrees =
    sameAnswer(answer(truthy), answer(d.truthy), sent) &&
    sameAnswer(answer(falsy), answer(d.falsy), sent) &&
    !sameAnswer(answer(truthy), answer(falsy), sent);
  return agrees ? { again, truthy, falsy } : undefined;
}

export const sqlInjection: ProbeClass = {
  tier: "safe",
  requestsPerSlot: 12,
  applies: () => true,
  async probe(p) {
    const value = startValue(p.slot);
    const original = await p.original();
    const quoted = await loneQuote(p, value, original);
    const error = quoted.error;
    const pairs = /^-?\d+$/.test(value)
      ? [NUMERIC, QUOTED]
      : isEmpty(original)
        ? [QUOTED_OR, QUOTED_COMMENT]
        : [QUOTED, QUOTED_COMMENT, QUOTED_PAREN];
    let found: Differential | undefined;
    for (const pair of pairs) {
      // The parenthesised form only where a lone quote changed the answer: something parsed it.
      const quoteMattered = quoted.quote && !sameAnswer(answer(quoted.quote), answer(original), [value, `${value}'`]);
      if (pair === QUOTED_PAREN && !quoteMattered) break;
      found = await differential(p, value, original, pair, 2 + p.rng.int(7));
      if (found) break;
    }
    const confirmed = found ? await confirmDifferential(p, value, original, found, 11 + p.rng.int(80)) : undefined;
    const where = `${p.slot.in} parameter ${p.slot.name}`;
    if (found && confirmed) {
      const engine = error
        ? ` The ${error.error.engine} error for a lone quote names the engine.`
        : " No error names the engine: SQL, or another query language with the same syntax (XPath).";
      return {
        message: `SQL injection in ${where}: a true and a false condition (${found.pair.context}) give two different pages, one of them the original, and a second pair with other numbers agrees.${engine}`,
        confidence: "confirmed",
        probe: found.falsy,
        related: [
          { role: "original value", exchange: original },
          { role: "true condition", exchange: found.truthy },
          { role: "false condition", exchange: found.falsy },
          { role: "original again (noise model)", exchange: confirmed.again },
          { role: "second true condition", exchange: confirmed.truthy },
          { role: "second false condition", exchange: confirmed.falsy },
          ...(error ? [{ role: "lone quote", exchange: error.probe }] : []),
        ],
        detail: `technique boolean differential (${found.pair.context}); true ${found.truthy.status}, false ${found.falsy.status}; engine ${error?.error.engine ?? "not named"}`,
        excerpt: textOf(found.falsy).slice(0, 200),
      } satisfies InjectionVerdict;
    }
    // A quote that breaks the statement (and a doubled one that does not) is proof; a driver's error alone is not.
    if (error && (error.error.syntax || error.balancedClean)) {
      const proof = error.error.syntax && error.balancedClean;
      return {
        message: `SQL injection in ${where}: a lone quote makes the API answer with a ${error.error.engine} ${error.error.syntax ? "syntax " : ""}error${error.balancedClean ? ", and a doubled quote (valid SQL) does not" : ""}.`,
        confidence: proof ? "confirmed" : "firm",
        probe: error.probe,
        related: [
          { role: "original value", exchange: original },
          { role: "doubled quote", exchange: error.balanced },
        ],
        detail: `technique error-based; engine ${error.error.engine}; matched "${error.error.text}"`,
        excerpt: excerptAround(error.probe, error.error.text),
      } satisfies InjectionVerdict;
    }
    return undefined;
  },
};

export default defineCheck({
  meta: {
    id: "injection-sql",
    title: "SQL injection",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-89"],
    maxRequests: injectionMaxRequests(sqlInjection.requestsPerSlot),
    description:
      "Every query parameter and path segment gets a lone quote (a database error names the engine: SQLite, PostgreSQL, MySQL/MariaDB, MSSQL, Oracle, or the ORM around it) and true/false condition pairs in numeric and string contexts. A pair fires only when the two pages differ, one of them is the original, the original repeats and a second pair with other numbers agrees, so pages that change on every call never fire. GETs only, at most 12 per parameter.",
    remediation:
      "Pass every value as a bound parameter (prepared statements, the ORM's parameter binding), never by string concatenation; validate types (an id is an integer) and return one generic error without database messages.",
    references: [
      "https://owasp.org/Top10/A03_2021-Injection/",
      "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",
    ],
  },
  run: (ctx) => runInjection(ctx, sqlInjection),
});
