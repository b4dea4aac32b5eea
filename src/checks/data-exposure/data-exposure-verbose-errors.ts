import { detectSecrets } from "../../detect/secrets/index.js";
import { detectStackTrace } from "../../detect/stack-traces/index.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, type RequestSpec, textOf } from "../../engine/http.js";
import { isRepeatable } from "../../engine/side-effects.js";
import { type Operation, operationUrl } from "../../engine/target.js";
import { redactable } from "./_common.js";

const MAX_GET_OPERATIONS = 3;
const MAX_POST_OPERATIONS = 2;
const MAX_PARAMS_PER_OPERATION = 2;
/** A value no typed parameter accepts: quotes, brackets and an invalid UTF-8 escape (already URL-encoded). */
const MALFORMED_VALUE = "%FF%27%22%5B%5D%7B%7D";
/** An Accept header no server negotiates: content negotiation code paths often throw on it. */
const ODD_ACCEPT = "application/x-rampart-probe+json; q=invalid, */*;q=";

function malformedQueryUrl(op: Operation): string | undefined {
  const url = new URL(operationUrl(op), "http://placeholder.invalid");
  const names = [...url.searchParams.keys()].slice(0, MAX_PARAMS_PER_OPERATION);
  if (names.length === 0) return undefined;
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${names.includes(k) ? MALFORMED_VALUE : encodeURIComponent(v)}`)
    .join("&");
  return `${url.pathname}?${query}`;
}

function takesJson(op: Operation): boolean {
  return op.method === "POST" && (op.requestBody?.contentTypes ?? []).some((t) => /json/i.test(t));
}

export default defineCheck({
  meta: {
    id: "data-exposure-verbose-errors",
    title: "Errors reveal stack traces or a debug page",
    category: "data-exposure",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-209", "CWE-215"],
    phase: "probe",
    maxRequests: 10,
    methods: ["POST"],
    description:
      "Bad input makes the API answer with a stack trace or a framework debug page (Express, Django, Flask/Werkzeug, FastAPI, Spring Boot, Rails, ASP.NET, Laravel/Symfony/PHP, Go). Traces name files, libraries and versions; debug consoles can run code. Triggered only by safe means: malformed query values, an odd Accept header, an unknown path, and a malformed JSON body only on operations that already take POST.",
    remediation:
      "Turn debug mode off in production (DEBUG=False, APP_DEBUG=false, ASPNETCORE_ENVIRONMENT=Production, server.error.include-stacktrace=never, NODE_ENV=production) and return a generic error body with a correlation id; log the details server-side.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cwe.mitre.org/data/definitions/209.html",
    ],
  },
  async run(ctx) {
    const reported = new Set<string>();
    const judge = (x: Exchange, op: { method: string; path: string }, trigger: string) => {
      const trace = detectStackTrace(textOf(x));
      if (!trace) return;
      const key = `${trace.framework}:${trace.kind}`;
      if (reported.has(`${op.method} ${op.path} ${key}`)) return;
      reported.add(`${op.method} ${op.path} ${key}`);
      const leaked = detectSecrets(textOf(x)).map((m) => m.value);
      ctx.report({
        severity: trace.severity,
        message: `${trace.framework} ${trace.kind.replace("-", " ")} returned (HTTP ${x.status}) after ${trigger}.`,
        exchange: x,
        operation: { method: op.method, path: op.path },
        key,
        evidence: { excerpt: trace.line, detail: `framework: ${trace.framework}; trigger: ${trigger}` },
        secrets: redactable(leaked),
      });
    };

    // Traces in baselines and in other checks' answers are data-exposure-stack-traces-seen's (passive) job.
    const gets = ctx.target.operations
      .filter((o) => o.method === "GET" && isRepeatable(o))
      .slice(0, MAX_GET_OPERATIONS);

    const probes: { op: { method: string; path: string }; spec: RequestSpec; trigger: string }[] = [];
    for (const op of gets) {
      const malformed = malformedQueryUrl(op);
      if (malformed) probes.push({ op, spec: { url: malformed }, trigger: "a malformed query value" });
      probes.push({
        op,
        spec: { url: malformed ?? operationUrl(op), headers: { accept: ODD_ACCEPT } },
        trigger: "an unsupported Accept header",
      });
    }
    const unknownPath = `${ctx.target.basePath.replace(/\/?$/, "/")}${ctx.rng.token(10)}`;
    probes.push({
      op: { method: "GET", path: unknownPath },
      spec: { url: unknownPath, headers: { accept: "text/html,application/xhtml+xml" } },
      trigger: "a request for an unknown path",
    });
    // Only where the API already accepts a JSON POST: the body is an unterminated object, never data.
    for (const op of ctx.target.operations.filter(takesJson).slice(0, MAX_POST_OPERATIONS)) {
      probes.push({
        op,
        spec: {
          method: "POST",
          url: operationUrl(op),
          headers: { "content-type": "application/json" },
          body: '{"rampart":',
        },
        trigger: "a malformed JSON body",
      });
    }
    for (const p of probes) judge(await ctx.http.request(p.spec), p.op, p.trigger);
  },
});
