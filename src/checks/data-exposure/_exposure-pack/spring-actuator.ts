/** Exposure pack entries: the Spring Boot actuator. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { GZIP, has, json, notHtml, parseJson } from "./validators.js";

const ACTUATOR = "Spring Boot actuator";

export const SPRING_ACTUATOR: readonly ExposurePath[] = [
  ...entries(["/actuator"], {
    group: "spring-actuator",
    title: `${ACTUATOR} endpoints are exposed`,
    severity: "medium",
    rationale: "The actuator index lists management endpoints; each listed one is probed and judged on its own.",
    validate: json((v) => typeof v._links === "object" && v._links !== null),
  }),
  ...entries(["/actuator/env", "/actuator/configprops"], {
    group: "spring-actuator",
    title: `${ACTUATOR} environment is exposed`,
    severity: "high",
    rationale: "Configuration properties and environment variables, including credentials that are only partly masked.",
    validate: json((v) => has(v, "activeProfiles") || has(v, "propertySources") || has(v, "contexts")),
    after: "/actuator",
  }),
  ...entries(["/actuator/heapdump"], {
    group: "spring-actuator",
    title: `${ACTUATOR} heap dump is downloadable`,
    severity: "critical",
    rationale: "A heap dump holds every secret and session in memory at the time of the dump.",
    validate: (_, raw) => raw.subarray(0, 12).toString("latin1") === "JAVA PROFILE" || GZIP("", raw),
    after: "/actuator",
    maxBytes: 64,
  }),
  ...entries(["/actuator/mappings", "/actuator/beans", "/actuator/threaddump", "/actuator/loggers"], {
    group: "spring-actuator",
    title: `${ACTUATOR} internals are exposed`,
    severity: "medium",
    rationale: "Routes, beans, threads and log levels map the application's internals (loggers can also be changed).",
    validate: json((v) => has(v, "contexts") || has(v, "threads") || has(v, "levels") || has(v, "loggers")),
    after: "/actuator",
  }),
  ...entries(["/actuator/httptrace", "/actuator/httpexchanges"], {
    group: "spring-actuator",
    title: `${ACTUATOR} request traces are exposed`,
    severity: "high",
    rationale: "Recent requests with their headers: other users' cookies and bearer tokens.",
    validate: json((v) => Array.isArray(v.traces) || Array.isArray(v.exchanges)),
    after: "/actuator",
  }),
  ...entries(["/actuator/gateway/routes"], {
    group: "spring-actuator",
    title: "Spring Cloud Gateway routes are exposed",
    severity: "high",
    rationale:
      "The gateway actuator reveals upstream services; writable variants allowed code injection (CVE-2022-22947).",
    validate: (body) => Array.isArray(parseJson(body)) && /"route_id"|"predicate"/.test(body),
    after: "/actuator",
  }),
  ...entries(["/actuator/health"], {
    group: "spring-actuator",
    title: `${ACTUATOR} health shows component details`,
    severity: "low",
    rationale: "Health details name the database, disk and downstream services; the bare status alone is fine.",
    validate: json((v) => typeof v.status === "string" && (has(v, "components") || has(v, "details"))),
    after: "/actuator",
  }),
  ...entries(["/actuator/prometheus", "/actuator/logfile", "/actuator/info"], {
    group: "spring-actuator",
    title: `${ACTUATOR} internals are exposed`,
    severity: "low",
    rationale: "Metrics, logs and build info describe the runtime and may carry request data.",
    validate: (body) =>
      notHtml(body) &&
      (/^# HELP /m.test(body) ||
        /\d{4}-\d{2}-\d{2}.*(?:INFO|WARN|ERROR)/.test(body) ||
        json((v) => has(v, "build") || has(v, "git") || has(v, "app"))(body)),
    after: "/actuator",
  }),
  ...entries(["/jolokia", "/actuator/jolokia"], {
    group: "spring-actuator",
    title: "Jolokia JMX bridge is exposed",
    severity: "high",
    rationale: "JMX over HTTP reads and changes MBeans; several MBeans lead to code execution.",
    validate: json(
      (v) => typeof v.value === "object" && v.value !== null && /"agent"|"protocol"/.test(JSON.stringify(v.value)),
    ),
  }),
  ...entries(["/env", "/heapdump", "/trace", "/mappings", "/configprops"], {
    group: "spring-actuator",
    title: `${ACTUATOR} (1.x) endpoints are exposed`,
    severity: "high",
    rationale: "Spring Boot 1.x served actuator endpoints at the root with no authentication by default.",
    validate: (body, raw) =>
      json((v) => has(v, "profiles") || has(v, "systemProperties") || has(v, "activeProfiles"))(body) ||
      raw.subarray(0, 12).toString("latin1") === "JAVA PROFILE",
    tier: "deep",
    maxBytes: 256 * 1024,
  }),
];
