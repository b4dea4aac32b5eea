/** Exposure pack entries: metrics and health endpoints. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, has, json } from "./validators.js";

export const METRICS: readonly ExposurePath[] = [
  ...entries(["/metrics"], {
    group: "metrics",
    title: "Prometheus metrics are public",
    severity: "low",
    rationale: "Metric names and labels reveal routes, versions, hosts and traffic; no data beyond that.",
    validate: all(/^# HELP \S+ /m, /^# TYPE \S+ (?:counter|gauge|histogram|summary|untyped)/m),
  }),
  ...entries(["/health", "/healthz", "/status", "/health/details"], {
    group: "metrics",
    title: "Health endpoint reveals internal components",
    severity: "low",
    rationale:
      "A bare UP is fine; details name databases, hosts, versions and dependencies that help target an attack.",
    validate: json(
      (v) =>
        (has(v, "components") || has(v, "checks") || has(v, "details") || has(v, "dependencies")) &&
        /host|url|version|database|redis|postgres|mysql|mongo|\d+\.\d+\.\d+\.\d+/i.test(JSON.stringify(v)),
    ),
  }),
];
