/**
 * Stack-trace and debug-page detector: names the framework behind a verbose error so the
 * finding says what leaked and how to turn it off. Pure functions.
 */
import type { Severity } from "../../engine/finding.js";

export interface TraceSignature {
  framework: string;
  /** A debug page (interactive console, full debug mode) is worse than a bare trace. */
  kind: "debug-console" | "debug-page" | "stack-trace" | "error-page";
  severity: Severity;
  /** All must match (signals are strong only together, e.g. a frame line and a runtime marker). */
  all: RegExp[];
}

/** Ordered most specific first: the first signature that matches names the framework. */
export const TRACE_SIGNATURES: readonly TraceSignature[] = [
  {
    framework: "Flask/Werkzeug",
    kind: "debug-console",
    severity: "high",
    all: [/Werkzeug Debugger|The debugger caught an exception in your WSGI application|__debugger__/],
  },
  {
    framework: "Django",
    kind: "debug-page",
    severity: "medium",
    all: [
      /You're seeing this error because you have <code>DEBUG = True<\/code>|DEBUG = True|Using the URLconf defined in/,
    ],
  },
  {
    framework: "Laravel",
    kind: "debug-page",
    severity: "medium",
    all: [/Illuminate\\|Whoops! There was an error/, /Stack trace|#\d+ \/|\.php/],
  },
  {
    framework: "Symfony",
    kind: "debug-page",
    severity: "medium",
    all: [/Symfony\\Component\\|sf-toolbar|symfony-profiler|_profiler/, /Stack Trace|\.php|Exception/i],
  },
  {
    framework: "Ruby on Rails",
    kind: "debug-page",
    severity: "medium",
    all: [/Action Controller: Exception caught|Rails\.root:|actionpack|No route matches \[|Application Trace/],
  },
  {
    framework: "ASP.NET",
    kind: "debug-page",
    severity: "medium",
    all: [
      /Server Error in '[^']*' Application|An unhandled exception occurred while processing the request|Microsoft \.NET Framework Version|ASP\.NET is configured to show verbose error messages|System\.[A-Za-z]+Exception:[^\n]*\n?\s*at [A-Z][\w.]+\(/,
    ],
  },
  {
    framework: "Spring Boot",
    kind: "stack-trace",
    severity: "medium",
    all: [/"trace"\s*:\s*"[a-z]+\.[\w.$]+(?:Exception|Error)|at org\.springframework\.|at java\.base\//],
  },
  {
    framework: "Java",
    kind: "stack-trace",
    severity: "medium",
    all: [/(?:java|javax|jakarta)\.[\w.]+(?:Exception|Error)/, /\bat [a-z][\w$]*(?:\.[\w$<>]+)+\([\w$]+\.java:\d+\)/],
  },
  {
    framework: "FastAPI/Starlette",
    kind: "stack-trace",
    severity: "medium",
    all: [/Traceback \(most recent call last\)/, /starlette|fastapi|uvicorn/],
  },
  {
    framework: "Python",
    kind: "stack-trace",
    severity: "medium",
    all: [/Traceback \(most recent call last\)/, /File "[^"]+", line \d+/],
  },
  {
    framework: "Express/Node.js",
    kind: "stack-trace",
    severity: "medium",
    all: [
      /\b(?:[A-Z]\w*Error|Error)(?::|\b)[^\n]*(?:\n|\\n|<br\s*\/?>)(?:\s|&nbsp;|\\t)*at /,
      /node_modules[\\/]|at Layer\.handle|processTicksAndRejections|at [\w.<>]+ \((?:\/|[A-Z]:\\|node:)[^)]+:\d+:\d+\)|\(node:internal/,
    ],
  },
  {
    framework: "PHP",
    kind: "stack-trace",
    severity: "medium",
    all: [
      /(?:Fatal error|Parse error|Warning|Notice)(?:<\/b>)?:\s+.*? in (?:<b>)?\/[^\s<]+\.php(?:<\/b>)? on line|Stack trace:\s*(?:\n|\\n|<br \/>)#0 /,
    ],
  },
  {
    framework: "Go",
    kind: "stack-trace",
    severity: "medium",
    all: [/goroutine \d+ \[[a-z ]+\]:|panic: .+(?:\n|\\n)\s*(?:\n|\\n)?goroutine/, /\.go:\d+/],
  },
  {
    framework: "Spring Boot",
    kind: "error-page",
    severity: "low",
    all: [/Whitelabel Error Page|This application has no explicit mapping for \/error/],
  },
  {
    framework: "Apache Tomcat",
    kind: "error-page",
    severity: "low",
    all: [/Apache Tomcat\/\d[\d.]*/, /Error report|Exception report|HTTP Status \d{3}/],
  },
  {
    framework: "Database",
    kind: "stack-trace",
    severity: "medium",
    all: [
      /You have an error in your SQL syntax|ORA-\d{5}:|PG::[A-Z]\w+(?:Error|Column|Table|Violation)|SQLSTATE\[\w+\]|psycopg2\.errors\.|SQLITE_ERROR|org\.postgresql\.util\.PSQLException|Unclosed quotation mark after the character string/,
    ],
  },
];

export interface TraceMatch {
  framework: string;
  kind: TraceSignature["kind"];
  severity: Severity;
  /** The first line that matched, trimmed, for the evidence. */
  line: string;
}

/** JSON fields that carry traces (`stack`, `trace`, GraphQL `extensions.exception.stacktrace`...). */
const TRACE_FIELD =
  /^(stack|stacktrace|stack_trace|trace|traceback|backtrace|exception|error|errors|detail|message|cause)$/i;

/** Trace-carrying strings of a JSON body, decoded (escaped newlines and quotes restored; string arrays joined by lines). */
export function traceTextOfJson(text: string): string | undefined {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const found: string[] = [];
  const visit = (v: unknown, depth: number, inTraceField: boolean): void => {
    if (depth > 6 || found.length > 20) return;
    if (typeof v === "string") {
      if (inTraceField) found.push(v);
    } else if (Array.isArray(v)) {
      if (inTraceField && v.every((item) => typeof item === "string")) found.push(v.join("\n"));
      else for (const item of v.slice(0, 20)) visit(item, depth + 1, inTraceField);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) visit(child, depth + 1, inTraceField || TRACE_FIELD.test(k));
    }
  };
  visit(body, 0, false);
  return found.length > 0 ? found.join("\n") : undefined;
}

/** The framework a verbose error names, if the text is one (also inside the trace fields of a JSON body). */
export function detectStackTrace(text: string): TraceMatch | undefined {
  const direct = matchSignatures(text);
  if (direct) return direct;
  const inJson = traceTextOfJson(text.length > 200_000 ? text.slice(0, 200_000) : text);
  return inJson ? matchSignatures(inJson) : undefined;
}

function matchSignatures(text: string): TraceMatch | undefined {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const sig of TRACE_SIGNATURES) {
    const matches = sig.all.map((re) => re.exec(sample));
    if (matches.some((m) => m === null)) continue;
    const first = matches[0]!;
    return { framework: sig.framework, kind: sig.kind, severity: sig.severity, line: lineAround(sample, first.index) };
  }
  return undefined;
}

function lineAround(text: string, index: number): string {
  const from = Math.max(text.lastIndexOf("\n", index) + 1, index - 80);
  const nl = text.indexOf("\n", index);
  const to = Math.min(nl === -1 ? text.length : nl, index + 160);
  return text
    .slice(from, to)
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
