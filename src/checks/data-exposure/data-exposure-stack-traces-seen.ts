import { detectSecrets } from "../../detect/secrets/index.js";
import { detectStackTrace } from "../../detect/stack-traces/index.js";
import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import { FILE_CHECK_IDS, pathOf, redactable } from "./_common.js";

/** The active check judges its own malformed-input probes; this one judges every other answer. */
const OWN_PROBES = "data-exposure-verbose-errors";
/** Traces sit at the start of an error body; a longer body is judged by its opening only. */
const SAMPLE_BYTES = 64 * 1024;
/** Every signature needs one of these words: a body without any is skipped before the signatures run. */
const ANY_TRACE_WORD = /error|exception|traceback|stack|trace|debug|sqlstate|warning|fatal|panic|goroutine/i;

export default defineCheck({
  meta: {
    id: "data-exposure-stack-traces-seen",
    title: "Answers to ordinary or rejected requests reveal stack traces",
    category: "data-exposure",
    severity: "medium",
    confidence: "confirmed",
    owasp: ["API8:2023"],
    cwe: ["CWE-209"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A stack trace or debug page turned up in a response the scan saw anyway: a baseline request, or the answer to another check's probe (a bad token, another id, a path variant). JSON bodies are read field by field (`stack`, `trace`, `exception`, GraphQL `extensions.exception.stacktrace`). One finding per framework and kind, listing where it was seen.",
    remediation:
      "Return a generic error body with a correlation id on every error path (authentication failures and not-found included), turn debug and stack-trace output off in production, and log the details server-side.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cwe.mitre.org/data/definitions/209.html",
    ],
  },
  async run(ctx) {
    // Bursts and repeated probes bring the same body many times: judge each distinct body once.
    const judged = new Map<string, ReturnType<typeof detectStackTrace>>();
    for (const x of ctx.exchanges()) {
      if (x.checkId === OWN_PROBES || FILE_CHECK_IDS.has(x.checkId) || x.body.length === 0) continue;
      const sample = x.body.length > SAMPLE_BYTES ? x.body.subarray(0, SAMPLE_BYTES).toString("utf8") : textOf(x);
      if (!judged.has(sample)) judged.set(sample, ANY_TRACE_WORD.test(sample) ? detectStackTrace(sample) : undefined);
      const trace = judged.get(sample);
      if (!trace) continue;
      const path = new URL(x.request.url).pathname;
      ctx.report({
        severity: trace.severity,
        message: `${trace.framework} ${trace.kind.replace("-", " ")} returned (HTTP ${x.status}) to ${x.request.method} ${pathOf(x.request.url)}${x.checkId === "baseline" ? "" : ` (sent by ${x.checkId})`}.`,
        exchange: x,
        operation: { method: x.request.method, path },
        cause: `${trace.framework}:${trace.kind}`,
        evidence: {
          excerpt: trace.line,
          detail: `${trace.framework} ${trace.kind} on ${x.request.method} ${path} (${x.status})`,
        },
        secrets: redactable(detectSecrets(textOf(x)).map((m) => m.value)),
      });
    }
  },
});
