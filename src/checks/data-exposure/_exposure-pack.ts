/**
 * The exposure pack: files and endpoints that should never be reachable on a production API,
 * each with a content validator (status alone proves nothing on catch-all hosts) and the reason
 * for its severity. `tier: "deep"` paths are probed only with `--exposure-deep`; `after` paths
 * only once their gate was found (e.g. `.git/logs/HEAD` after `.git/config`).
 */
import type { Severity } from "../../engine/finding.js";

export type ExposureGroup =
  | "vcs"
  | "env"
  | "backup"
  | "spring-actuator"
  | "debug"
  | "metrics"
  | "graphql"
  | "api-spec"
  | "api-docs"
  | "cloud-credentials"
  | "server-config"
  | "ci-config"
  | "ai-agent-config"
  | "logs";

export interface ExposurePath {
  path: string;
  group: ExposureGroup;
  title: string;
  severity: Severity;
  /** Why this severity: what an attacker gets from the file. */
  rationale: string;
  validate(body: string, raw: Buffer): boolean;
  tier: "default" | "deep";
  /** Also probe it under the API base path (e.g. `/api/v1/.env`). */
  underBase?: boolean;
  /** Probe only after this path was found. */
  after?: string;
  /** Read at most this many bytes (a heap dump is judged by its magic, not downloaded). */
  maxBytes?: number;
}

// ----- validators ------------------------------------------------------------------------------

const HTML = /<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]/i;
const notHtml = (body: string) => !HTML.test(body.slice(0, 2048));
const all =
  (...res: RegExp[]) =>
  (body: string) =>
    notHtml(body) && res.every((re) => re.test(body));
/** For pages that are HTML by nature (status pages, consoles): markers only. */
const page =
  (...res: RegExp[]) =>
  (body: string) =>
    res.every((re) => re.test(body));
const magic =
  (...bytes: number[]) =>
  (_: string, raw: Buffer) =>
    raw.length >= bytes.length && bytes.every((b, i) => raw[i] === b);

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
const json =
  (test: (v: Record<string, unknown>) => boolean) =>
  (body: string): boolean => {
    const v = parseJson(body);
    return typeof v === "object" && v !== null && !Array.isArray(v) && test(v as Record<string, unknown>);
  };
const has = (v: Record<string, unknown>, ...keys: string[]) => keys.every((k) => k in v);

/** Two or more `NAME=value` lines and nothing that looks like markup or JSON. */
const envFile = (body: string) =>
  notHtml(body) &&
  !body.trimStart().startsWith("{") &&
  (body.match(/^\s*(?:export\s+)?[A-Z][A-Z0-9_]{1,63}\s*=\s*\S*/gm) ?? []).length >= 2;
const sqlDump = all(/CREATE TABLE|INSERT INTO|-- (?:MySQL|MariaDB) dump|-- PostgreSQL database dump|COPY [\w.]+ \(/i);
const yamlSpec = all(/^(?:openapi|swagger):\s*["']?\d/m, /^paths:/m);
const jsonSpec = json((v) => (typeof v.openapi === "string" || typeof v.swagger === "string") && has(v, "paths"));
/** An OpenAPI/Swagger document (JSON or YAML): what the OpenAPI layer can load. */
const isSpec = (body: string) => jsonSpec(body) || yamlSpec(body);
const swaggerUi = (body: string) => /swagger-ui|SwaggerUIBundle/i.test(body);
/** Spec paths often serve the Swagger UI instead (swagger-ui-express at /api-docs): either proves the docs are public. */
const specOrUi = (body: string) => isSpec(body) || swaggerUi(body);
const markdownInstructions = (body: string) =>
  notHtml(body) && !body.trimStart().startsWith("{") && /^#{1,3} \S/m.test(body) && body.length >= 80;
const mcpConfig = json((v) => typeof v.mcpServers === "object" || typeof v.servers === "object");
const ZIP = magic(0x50, 0x4b, 0x03, 0x04);
const GZIP = magic(0x1f, 0x8b);
const SQLITE = (_: string, raw: Buffer) => raw.subarray(0, 15).toString("latin1") === "SQLite format 3";

// ----- entry builders --------------------------------------------------------------------------

type Spec = Omit<ExposurePath, "path" | "tier"> & { tier?: ExposurePath["tier"] };
const entries = (paths: string[], spec: Spec): ExposurePath[] =>
  paths.map((path) => ({ tier: "default", ...spec, path }));

const ENV_RATIONALE =
  "Environment files hold database URLs, provider API keys and signing secrets in plain text: high on its own, critical when a secret is found inside.";
const BACKUP_RATIONALE = "A dump or archive of the application hands over its data and often its credentials.";
const ACTUATOR = "Spring Boot actuator";

const ALL_PATHS: ExposurePath[] = [
  // --- version control ---------------------------------------------------------------------
  ...entries(["/.git/config"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale:
      "An exposed .git directory lets anyone rebuild the source code, its history and any secret ever committed.",
    validate: all(/\[core\]/, /repositoryformatversion|filemode|bare\s*=/),
  }),
  ...entries(["/.git/HEAD"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "HEAD names the checked-out branch: with the config it confirms a cloneable repository.",
    validate: (body) => /^(?:ref: refs\/\S+|[0-9a-f]{40})\s*$/.test(body),
    after: "/.git/config",
  }),
  ...entries(["/.git/logs/HEAD", "/.git/packed-refs", "/.git/ORIG_HEAD", "/.git/FETCH_HEAD"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "Commit logs and refs confirm the repository can be cloned from the web root.",
    validate: (body) => notHtml(body) && (/^[0-9a-f]{40}\b/m.test(body) || /^# pack-refs/.test(body)),
    after: "/.git/config",
  }),
  ...entries(["/.git/index"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "The index lists every tracked file, the map for downloading the source.",
    validate: magic(0x44, 0x49, 0x52, 0x43),
    after: "/.git/config",
  }),
  ...entries(["/.svn/wc.db"], {
    group: "vcs",
    title: "Subversion working copy is exposed",
    severity: "high",
    rationale: "The wc.db database lists every file and lets the source be fetched.",
    validate: SQLITE,
  }),
  ...entries(["/.svn/entries"], {
    group: "vcs",
    title: "Subversion working copy is exposed",
    severity: "high",
    rationale: "Legacy Subversion metadata lists the repository URL and files.",
    validate: all(/^(?:\d+\s*$|dir\s*$)/m, /svn|dir/),
    tier: "deep",
  }),
  ...entries(["/.hg/hgrc"], {
    group: "vcs",
    title: "Mercurial repository metadata is exposed",
    severity: "high",
    rationale: "Repository configuration, often with the remote URL and credentials.",
    validate: all(/^\[(?:paths|ui|extensions)\]/m),
  }),
  ...entries(["/.bzr/branch-format"], {
    group: "vcs",
    title: "Bazaar repository metadata is exposed",
    severity: "high",
    rationale: "The branch can be reconstructed from the web root.",
    validate: all(/Bazaar/),
    tier: "deep",
  }),
  // --- environment files -------------------------------------------------------------------
  ...entries(["/.env"], {
    group: "env",
    title: "Environment file is exposed",
    severity: "high",
    rationale: ENV_RATIONALE,
    validate: envFile,
  }),
  ...entries(
    ["/.env.local", "/.env.production", "/.env.prod", "/.env.development", "/.env.dev", "/.env.backup", "/.env.bak"],
    {
      group: "env",
      title: "Environment file is exposed",
      severity: "high",
      rationale: ENV_RATIONALE,
      validate: envFile,
    },
  ),
  ...entries(
    [
      "/.env.old",
      "/.env.save",
      "/.env.staging",
      "/.env.test",
      "/.env.production.local",
      "/.env.local.bak",
      "/.env~",
      "/app/.env",
      "/backend/.env",
      "/config/.env",
      "/docker/.env",
      "/.envrc",
    ],
    {
      group: "env",
      title: "Environment file is exposed",
      severity: "high",
      rationale: ENV_RATIONALE,
      validate: envFile,
      tier: "deep",
    },
  ),
  ...entries(["/.env.example", "/.env.sample"], {
    group: "env",
    title: "Environment template is exposed",
    severity: "low",
    rationale:
      "A template names every setting and service the app uses; it becomes critical when someone pasted real values into it.",
    validate: envFile,
  }),
  // --- backups and dumps -------------------------------------------------------------------
  ...entries(["/backup.sql", "/dump.sql", "/database.sql", "/db.sql"], {
    group: "backup",
    title: "Database dump is exposed",
    severity: "critical",
    rationale: `${BACKUP_RATIONALE} An SQL dump is the database itself.`,
    validate: sqlDump,
  }),
  ...entries(["/data.sql", "/backup/backup.sql", "/sql/dump.sql", "/db/schema.sql", "/mysql.sql"], {
    group: "backup",
    title: "Database dump is exposed",
    severity: "critical",
    rationale: `${BACKUP_RATIONALE} An SQL dump is the database itself.`,
    validate: sqlDump,
    tier: "deep",
  }),
  ...entries(["/backup.zip", "/site.zip", "/www.zip"], {
    group: "backup",
    title: "Backup archive is exposed",
    severity: "high",
    rationale: BACKUP_RATIONALE,
    validate: ZIP,
    maxBytes: 1024,
  }),
  ...entries(["/backup.tar.gz", "/site.tar.gz"], {
    group: "backup",
    title: "Backup archive is exposed",
    severity: "high",
    rationale: BACKUP_RATIONALE,
    validate: GZIP,
    maxBytes: 1024,
  }),
  ...entries(["/db.sqlite", "/database.sqlite", "/db.sqlite3"], {
    group: "backup",
    title: "SQLite database is exposed",
    severity: "critical",
    rationale: "The application's database file, downloadable as is.",
    validate: SQLITE,
    maxBytes: 1024,
  }),
  ...entries(["/wp-config.php.bak", "/wp-config.php~", "/config.php.bak", "/config.inc.php.bak"], {
    group: "backup",
    title: "Configuration backup is exposed",
    severity: "critical",
    rationale: "Editor and backup copies of PHP config are served as text, database password included.",
    validate: all(/<\?php/, /DB_PASSWORD|password|\$db|define\(/i),
  }),
  ...entries(["/index.php.bak", "/.index.php.swp", "/settings.py.bak", "/web.config.bak"], {
    group: "backup",
    title: "Source or configuration backup is exposed",
    severity: "high",
    rationale: "Backup copies are served as text instead of being executed, disclosing source and settings.",
    validate: (body) => notHtml(body) && /<\?php|import |<configuration>|SECRET_KEY|def |b0VIM/.test(body),
    tier: "deep",
  }),
  // --- Spring Boot actuator ----------------------------------------------------------------
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
  // --- debug consoles and status pages ------------------------------------------------------
  ...entries(["/server-status"], {
    group: "debug",
    title: "Apache server-status is public",
    severity: "medium",
    rationale: "Live requests with client addresses and URLs (including tokens in query strings).",
    validate: page(/Apache Server Status|Server Version:\s*Apache/i),
  }),
  ...entries(["/server-info"], {
    group: "debug",
    title: "Apache server-info is public",
    severity: "medium",
    rationale: "The full server configuration and loaded modules.",
    validate: page(/Apache Server Information/i),
  }),
  ...entries(["/nginx_status"], {
    group: "debug",
    title: "nginx stub_status is public",
    severity: "low",
    rationale: "Connection counters only, but it confirms the proxy and its load.",
    validate: all(/Active connections:\s*\d+/, /server accepts handled requests/),
  }),
  ...entries(["/phpinfo.php", "/info.php", "/php_info.php", "/test.php"], {
    group: "debug",
    title: "phpinfo() page is public",
    severity: "medium",
    rationale: "Versions, paths, loaded modules and environment variables (sometimes credentials).",
    validate: page(/phpinfo\(\)|PHP Version \d/, /PHP (?:Version|License|Credits)|php\.ini/),
  }),
  ...entries(["/_profiler", "/app_dev.php/_profiler"], {
    group: "debug",
    title: "Symfony profiler is public",
    severity: "high",
    rationale: "Every recorded request with its headers, session and database queries.",
    validate: page(/Symfony Profiler|sf-toolbar|_profiler\/(?:search|latest)/),
  }),
  ...entries(["/telescope"], {
    group: "debug",
    title: "Laravel Telescope is public",
    severity: "high",
    rationale: "Requests, queries, jobs and exceptions with their data.",
    validate: page(/Laravel Telescope|window\.Telescope/),
  }),
  ...entries(["/elmah.axd"], {
    group: "debug",
    title: "ELMAH error log is public",
    severity: "high",
    rationale: "Full ASP.NET error reports, often with session cookies and request bodies.",
    validate: page(/Error Log for|ELMAH/),
  }),
  ...entries(["/trace.axd"], {
    group: "debug",
    title: "ASP.NET trace viewer is public",
    severity: "high",
    rationale: "Recent requests with headers, cookies and server variables.",
    validate: page(/Application Trace|Trace Information|Requests to this Application/),
  }),
  ...entries(["/debug/pprof/"], {
    group: "debug",
    title: "Go pprof profiler is public",
    severity: "medium",
    rationale: "Profiles reveal code paths and memory; long profiles can be used to exhaust the CPU.",
    validate: page(/Types of profiles available|\/debug\/pprof\//),
  }),
  ...entries(["/debug/vars"], {
    group: "debug",
    title: "Go expvar is public",
    severity: "medium",
    rationale: "The process command line (sometimes with flags holding secrets) and memory statistics.",
    validate: json((v) => has(v, "cmdline") && has(v, "memstats")),
  }),
  ...entries(["/console"], {
    group: "debug",
    title: "Interactive debug console is reachable",
    severity: "critical",
    rationale:
      "The Werkzeug or Rails web console runs code on the server: remote code execution if the PIN is absent or guessable.",
    validate: page(/Werkzeug|Interactive Console|__debugger__|web-console/i, /console/i),
  }),
  ...entries(["/rails/info/properties", "/rails/info/routes"], {
    group: "debug",
    title: "Rails development info is public",
    severity: "medium",
    rationale: "Versions, middleware and every route of the application.",
    validate: page(/Rails version|Routes match in priority|Ruby version/),
  }),
  ...entries(["/__debug__/", "/silk/", "/_debugbar/open"], {
    group: "debug",
    title: "Debug toolbar is public",
    severity: "medium",
    rationale: "Django Debug Toolbar, Silk and Laravel Debugbar store requests, SQL and settings.",
    validate: (body) => /djdt|Silk|phpdebugbar|debugbar/i.test(body) && !/^\s*\{\s*"error"/.test(body),
    tier: "deep",
  }),
  // --- metrics and health with internals -----------------------------------------------------
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
  // --- GraphQL --------------------------------------------------------------------------------
  ...entries(["/graphiql", "/graphql/console", "/playground", "/altair", "/voyager", "/graphql-playground"], {
    group: "graphql",
    title: "GraphQL IDE is public",
    severity: "low",
    rationale:
      "An in-browser IDE invites schema exploration; risky mainly with introspection on, judged by the GraphQL checks.",
    validate: page(/graphiql|GraphQL Playground|graphql-playground|Altair|graphql-voyager|GraphQL Voyager/i),
  }),
  ...entries(["/graphql"], {
    group: "graphql",
    title: "GraphQL endpoint answers GET queries",
    severity: "info",
    rationale: "Inventory: a GraphQL endpoint exists (GET queries can be CSRF-able); the GraphQL checks judge it.",
    validate: (body) => /"data"\s*:\s*\{\s*"__typename"|Must provide query string|GET query missing/i.test(body),
  }),
  // --- API specifications and docs -----------------------------------------------------------
  ...entries(["/openapi.json", "/swagger.json", "/v3/api-docs", "/v2/api-docs", "/api-docs"], {
    group: "api-spec",
    title: "API specification is public",
    severity: "info",
    rationale:
      "Often intended; it maps every operation and parameter for an attacker, so it is recorded for the OpenAPI layer.",
    validate: specOrUi,
  }),
  ...entries(["/openapi.yaml", "/swagger.yaml", "/swagger/v1/swagger.json", "/api/swagger.json", "/api/openapi.json"], {
    group: "api-spec",
    title: "API specification is public",
    severity: "info",
    rationale:
      "Often intended; it maps every operation and parameter for an attacker, so it is recorded for the OpenAPI layer.",
    validate: specOrUi,
  }),
  ...entries(
    [
      "/openapi.yml",
      "/swagger.yml",
      "/api-docs.json",
      "/swagger/v2/swagger.json",
      "/api/v2/api-docs",
      "/docs/openapi.json",
      "/asyncapi.json",
    ],
    {
      group: "api-spec",
      title: "API specification is public",
      severity: "info",
      rationale: "Often intended; it maps every operation and parameter for an attacker.",
      validate: (body) => isSpec(body) || json((v) => typeof v.asyncapi === "string")(body),
      tier: "deep",
    },
  ),
  ...entries(["/swagger-ui.html", "/swagger-ui/", "/docs", "/redoc", "/api-docs/", "/swagger/"], {
    group: "api-docs",
    title: "Interactive API documentation is public",
    severity: "info",
    rationale:
      "Inventory: interactive docs let anyone try every operation; fine for a public API, not for an internal one.",
    validate: page(/swagger-ui|SwaggerUIBundle|<redoc|redoc\.standalone/i),
  }),
  ...entries(["/application.wadl", "/postman_collection.json", "/api.postman_collection.json"], {
    group: "api-spec",
    title: "API description or collection is public",
    severity: "medium",
    rationale: "WADL files map the API; Postman collections often carry environments with real tokens.",
    validate: (body) =>
      /<application[^>]+wadl/i.test(body) ||
      json((v) => typeof v.info === "object" && /_postman_id|getpostman/.test(body))(body),
  }),
  // --- cloud and credential files -------------------------------------------------------------
  ...entries(["/.aws/credentials", "/.aws/config"], {
    group: "cloud-credentials",
    title: "AWS credentials file is exposed",
    severity: "critical",
    rationale: "Access keys for the AWS account.",
    validate: all(/^\[[\w -]+\]/m, /aws_access_key_id|aws_secret_access_key|region\s*=/i),
  }),
  ...entries(["/.docker/config.json"], {
    group: "cloud-credentials",
    title: "Docker registry credentials are exposed",
    severity: "critical",
    rationale: "Registry auth lets anyone pull or push the organisation's images.",
    validate: json((v) => typeof v.auths === "object"),
  }),
  ...entries(["/.kube/config"], {
    group: "cloud-credentials",
    title: "Kubernetes kubeconfig is exposed",
    severity: "critical",
    rationale: "Cluster endpoints and client credentials: control of the cluster.",
    validate: all(/apiVersion:\s*v1/, /clusters:/, /users:|contexts:/),
  }),
  ...entries(["/.npmrc", "/.yarnrc.yml", "/.pypirc"], {
    group: "cloud-credentials",
    title: "Package registry configuration is exposed",
    severity: "high",
    rationale: "Registry tokens allow publishing packages in the organisation's name (a supply-chain attack).",
    validate: all(/_authToken|registry\s*=|npmRegistryServer|npmAuthToken|\[distutils\]|\[pypi\]|always-auth/),
  }),
  ...entries(["/.git-credentials", "/.netrc", "/_netrc"], {
    group: "cloud-credentials",
    title: "Stored credentials file is exposed",
    severity: "critical",
    rationale: "Plain-text logins for source hosts and servers.",
    validate: all(/^https?:\/\/[^:\s/]+:[^@\s]+@|machine\s+\S+\s+login\s+\S+/m),
  }),
  ...entries(["/.ssh/id_rsa", "/id_rsa", "/.ssh/id_ed25519"], {
    group: "cloud-credentials",
    title: "SSH private key is exposed",
    severity: "critical",
    rationale: "A private key opens every server that trusts it.",
    validate: all(/-----BEGIN (?:RSA |OPENSSH |EC |DSA )?PRIVATE KEY-----/),
  }),
  ...entries(["/.htpasswd"], {
    group: "cloud-credentials",
    title: "htpasswd file is exposed",
    severity: "high",
    rationale: "Password hashes for HTTP basic auth, open to offline cracking.",
    validate: all(/^[\w.@-]+:(?:\$apr1\$|\$2[aby]\$|\{SHA\}|\$[156]\$|[./A-Za-z0-9]{13}$)/m),
  }),
  ...entries(["/.bash_history", "/.zsh_history", "/.mysql_history", "/.psql_history"], {
    group: "cloud-credentials",
    title: "Shell history is exposed",
    severity: "high",
    rationale: "Commands typed on the server, passwords passed on command lines included.",
    validate: (body) =>
      notHtml(body) &&
      (body.match(/^(?:cd|ls|sudo|git|ssh|export|vim?|cat|docker|npm|mysql|psql|SELECT|curl) /gim) ?? []).length >= 2,
    tier: "deep",
  }),
  ...entries(["/credentials.json", "/service-account.json", "/firebase.json", "/.firebaserc"], {
    group: "cloud-credentials",
    title: "Cloud credentials or project config is exposed",
    severity: "critical",
    rationale: "Google service-account keys grant API access as the service account.",
    validate: json(
      (v) => v.type === "service_account" || has(v, "private_key") || has(v, "installed") || has(v, "projects"),
    ),
    tier: "deep",
  }),
  // --- server and app configuration -----------------------------------------------------------
  ...entries(["/web.config"], {
    group: "server-config",
    title: "IIS web.config is exposed",
    severity: "high",
    rationale: "Connection strings, machine keys (view-state forgery) and app settings.",
    validate: all(/<configuration[\s>]/, /<system\.web(?:Server)?>|<connectionStrings>|<appSettings>/),
  }),
  ...entries(["/appsettings.json", "/appsettings.Production.json", "/appsettings.Development.json"], {
    group: "server-config",
    title: "ASP.NET Core appsettings are exposed",
    severity: "high",
    rationale: "Connection strings and service credentials of the application.",
    validate: json((v) => has(v, "ConnectionStrings") || has(v, "Logging") || has(v, "AllowedHosts")),
  }),
  ...entries(["/config.json", "/config/config.json", "/settings.json"], {
    group: "server-config",
    title: "Application configuration is exposed",
    severity: "medium",
    rationale: "Server-side configuration; critical when it holds credentials (checked by the secret detector).",
    validate: (body) =>
      json(() => true)(body) &&
      /"(?:db|database|password|secret|api_?key|host|port|connectionString|redis|smtp)"/i.test(body),
  }),
  ...entries(["/application.yml", "/application.yaml", "/application.properties", "/config/application.yml"], {
    group: "server-config",
    title: "Spring application configuration is exposed",
    severity: "high",
    rationale: "Datasource URLs and passwords, keys and internal hosts.",
    validate: all(/^spring[.:]|^server[.:]|datasource|^\s+port:/m),
  }),
  ...entries(["/docker-compose.yml", "/docker-compose.yaml", "/docker-compose.override.yml"], {
    group: "server-config",
    title: "docker-compose file is exposed",
    severity: "medium",
    rationale: "The service topology, images and often environment variables with passwords.",
    validate: all(/^services:/m, /^\s+(?:image|build):/m),
  }),
  ...entries(["/Dockerfile"], {
    group: "server-config",
    title: "Dockerfile is exposed",
    severity: "low",
    rationale: "The build recipe: base image, versions and paths; sometimes build arguments with secrets.",
    validate: all(/^FROM\s+\S+/m, /^(?:RUN|COPY|CMD|ENTRYPOINT|ADD)\s/m),
  }),
  ...entries(["/.DS_Store"], {
    group: "server-config",
    title: ".DS_Store file is exposed",
    severity: "low",
    rationale: "A Finder index that lists file names in the directory, including hidden backups.",
    validate: magic(0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31),
  }),
  ...entries(["/.vscode/settings.json", "/.idea/workspace.xml", "/.vscode/launch.json"], {
    group: "server-config",
    title: "IDE configuration is exposed",
    severity: "low",
    rationale: "Editor settings leak paths, run configurations and sometimes environment values.",
    validate: (body) =>
      json((v) => Object.keys(v).some((k) => /^[a-z]+\.[a-zA-Z]/.test(k)) || Array.isArray(v.configurations))(body) ||
      /<project version=|<component name=/.test(body),
    tier: "deep",
  }),
  ...entries(["/composer.json", "/package.json", "/Gemfile.lock", "/composer.lock"], {
    group: "server-config",
    title: "Dependency manifest is exposed",
    severity: "low",
    rationale: "Exact dependency versions to match against known vulnerabilities.",
    validate: (body) =>
      json((v) => has(v, "require") || has(v, "dependencies") || has(v, "packages"))(body) ||
      all(/^GEM\s*$/m, /specs:/)(body),
    tier: "deep",
  }),
  // --- CI configuration -------------------------------------------------------------------------
  ...entries(
    ["/.gitlab-ci.yml", "/.travis.yml", "/bitbucket-pipelines.yml", "/azure-pipelines.yml", "/.circleci/config.yml"],
    {
      group: "ci-config",
      title: "CI pipeline configuration is exposed",
      severity: "low",
      rationale: "Build steps, deploy targets and variable names; critical when a secret is inlined (checked).",
      validate: all(
        /^(?:stages|script|language|pipelines|jobs|steps|trigger|pool|workflows|version):/m,
        /^\s*(?:-|script:|steps:|image:|run:)/m,
      ),
    },
  ),
  ...entries(["/Jenkinsfile"], {
    group: "ci-config",
    title: "Jenkinsfile is exposed",
    severity: "low",
    rationale: "Pipeline stages, credentials ids and deploy targets.",
    validate: all(/pipeline\s*\{|node\s*(?:\([^)]*\))?\s*\{/, /stage\s*\(/),
  }),
  ...entries(["/.github/workflows/ci.yml", "/.github/workflows/deploy.yml", "/.drone.yml", "/cloudbuild.yaml"], {
    group: "ci-config",
    title: "CI pipeline configuration is exposed",
    severity: "low",
    rationale: "Build and deploy steps, secret names and target environments.",
    validate: all(/^(?:on|jobs|kind|steps|name):/m, /run:|image:|steps:|uses:/),
    tier: "deep",
  }),
  // --- AI agents and MCP ------------------------------------------------------------------------
  ...entries(["/.mcp.json", "/mcp.json", "/.cursor/mcp.json", "/.vscode/mcp.json", "/claude_desktop_config.json"], {
    group: "ai-agent-config",
    title: "MCP server configuration is exposed",
    severity: "high",
    rationale:
      "MCP configs list the tools an agent may run and usually pass provider keys in `env`: critical when a key is found.",
    validate: mcpConfig,
  }),
  ...entries(["/.claude/settings.json", "/.claude/settings.local.json"], {
    group: "ai-agent-config",
    title: "AI agent settings are exposed",
    severity: "medium",
    rationale: "Agent permissions, hooks and environment: what an agent on the server may do, sometimes with keys.",
    validate: json((v) => has(v, "permissions") || has(v, "env") || has(v, "hooks") || has(v, "model")),
  }),
  ...entries(["/CLAUDE.md", "/AGENTS.md", "/.cursorrules", "/.github/copilot-instructions.md", "/GEMINI.md"], {
    group: "ai-agent-config",
    title: "AI agent instruction file is exposed",
    severity: "low",
    rationale:
      "Instructions written for coding agents describe architecture, internal services and commands; a secret pasted in makes it critical.",
    validate: markdownInstructions,
  }),
  ...entries(
    ["/.windsurfrules", "/.clinerules", "/.aider.conf.yml", "/.continue/config.json", "/.cursor/rules/main.mdc"],
    {
      group: "ai-agent-config",
      title: "AI agent configuration is exposed",
      severity: "low",
      rationale: "Agent rules and settings reveal internals and sometimes model API keys.",
      validate: (body) =>
        markdownInstructions(body) ||
        json((v) => has(v, "models") || has(v, "rules") || has(v, "mcpServers"))(body) ||
        (notHtml(body) &&
          (body.match(/^(?:model|auto-commits|editor-model|weak-model|read|lint-cmd|test-cmd):\s*\S/gm) ?? []).length >=
            2),
      tier: "deep",
    },
  ),
  // --- directory listings -----------------------------------------------------------------------
  ...entries(["/ftp/", "/backup/", "/uploads/", "/support/logs/"], {
    group: "backup",
    title: "Directory listing is enabled",
    severity: "medium",
    rationale:
      "A listing hands out every file name in the folder, backups and uploads included; each file is one click away.",
    validate: page(/<title>\s*(?:Index of \/|listing directory \/|Directory listing for \/)|<h1>\s*Index of \//i),
  }),
  ...entries(["/files/", "/static/", "/logs/", "/tmp/", "/encryptionkeys/"], {
    group: "backup",
    title: "Directory listing is enabled",
    severity: "medium",
    rationale: "A listing hands out every file name in the folder; each file is one click away.",
    validate: page(/<title>\s*(?:Index of \/|listing directory \/|Directory listing for \/)|<h1>\s*Index of \//i),
    tier: "deep",
  }),
  // --- logs ----------------------------------------------------------------------------------------
  ...entries(["/debug.log", "/error.log", "/logs/error.log", "/storage/logs/laravel.log", "/npm-debug.log"], {
    group: "logs",
    title: "Log file is exposed",
    severity: "medium",
    rationale: "Logs carry stack traces, internal hosts, user data and sometimes tokens.",
    validate: (body) =>
      notHtml(body) &&
      (/^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/m.test(body) || /^\d+ (?:verbose|info|error) /m.test(body)) &&
      /error|exception|warn|info|debug/i.test(body),
  }),
  ...entries(["/logs/access.log", "/access.log", "/log/production.log", "/var/log/app.log", "/wp-content/debug.log"], {
    group: "logs",
    title: "Log file is exposed",
    severity: "medium",
    rationale: "Logs carry request URLs (tokens in query strings), client addresses and errors.",
    validate: (body) =>
      notHtml(body) &&
      (/^\S+ \S+ \S+ \[\d{2}\/\w{3}\/\d{4}/m.test(body) || /^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/m.test(body)),
    tier: "deep",
  }),
];

/**
 * Budget decisions in one place. The whole URL-only scan of a target must stay near 150 requests
 * with every check, so the default tier keeps the paths most often found exposed and the rest go
 * to `--exposure-deep`.
 */
const DEEP_ONLY = new Set([
  // Traded for /ftp/, /metrics, /support/logs/, /api-docs/ and /swagger/, which third-party APIs expose far more often.
  "/.svn/wc.db",
  "/wp-config.php.bak",
  "/.cursor/mcp.json",
  "/_profiler",
  "/dump.sql",
  // The GraphQL checks probe IDEs and endpoints themselves; the pack keeps them for the deep sweep only.
  "/graphiql",
  "/playground",
  "/graphql",
  "/swagger-ui/",
  "/redoc",
  "/.env.example",
  "/server-info",
  "/nginx_status",
  "/elmah.axd",
  "/telescope",
  "/rails/info/properties",
  "/Dockerfile",
  "/.DS_Store",
  "/database.sql",
  "/config.php.bak",
  "/uploads/",
  "/.circleci/config.yml",
  "/.cursorrules",
  "/healthz",
  "/status",
  "/swagger/v1/swagger.json",
  "/.hg/hgrc",
  "/trace.axd",
  "/.vscode/mcp.json",
  "/.env.dev",
  "/db.sql",
  "/backup.tar.gz",
  "/database.sqlite",
  "/info.php",
  "/altair",
  "/.pypirc",
  "/.travis.yml",
  "/site.zip",
  "/www.zip",
  "/site.tar.gz",
  "/db.sqlite3",
  "/wp-config.php~",
  "/config.inc.php.bak",
  "/php_info.php",
  "/test.php",
  "/app_dev.php/_profiler",
  "/rails/info/routes",
  "/health/details",
  "/graphql/console",
  "/voyager",
  "/graphql-playground",
  "/api/swagger.json",
  "/api/openapi.json",
  "/application.wadl",
  "/api.postman_collection.json",
  "/.aws/config",
  "/_netrc",
  "/.ssh/id_ed25519",
  "/.yarnrc.yml",
  "/appsettings.Production.json",
  "/appsettings.Development.json",
  "/config/config.json",
  "/settings.json",
  "/application.yaml",
  "/config/application.yml",
  "/docker-compose.yaml",
  "/docker-compose.override.yml",
  "/bitbucket-pipelines.yml",
  "/azure-pipelines.yml",
  "/claude_desktop_config.json",
  "/.claude/settings.local.json",
  "/GEMINI.md",
  "/logs/error.log",
  "/npm-debug.log",
  "/.env.backup",
  "/.env.sample",
  "/actuator/jolokia",
  // Moved to the deep sweep so that a default URL-only scan, with OpenAPI discovery (40 locations),
  // the rate-limit burst (30) and CORS (20), stays within 150 requests.
  "/.env.prod",
  "/.env.development",
  "/.env.bak",
  "/backup.zip",
  "/jolokia",
  "/debug/vars",
  "/health",
  "/.docker/config.json",
  "/.kube/config",
  "/.netrc",
  "/id_rsa",
  "/.htpasswd",
  "/appsettings.json",
  "/config.json",
  "/application.yml",
  "/application.properties",
  "/.gitlab-ci.yml",
  "/Jenkinsfile",
  "/mcp.json",
  "/.claude/settings.json",
  "/CLAUDE.md",
  "/AGENTS.md",
  "/.github/copilot-instructions.md",
  "/backup/",
  "/error.log",
  "/storage/logs/laravel.log",
]);

/** Paths an API often serves under its own base path too (e.g. `/api/v1/.env`, `/api/v1/openapi.json`). */
const UNDER_BASE = new Set(["/.env", "/actuator", "/openapi.json", "/swagger.json", "/v3/api-docs", "/api-docs"]);

export const EXPOSURE_PACK: readonly ExposurePath[] = ALL_PATHS.map((e) => ({
  ...e,
  ...(DEEP_ONLY.has(e.path) ? { tier: "deep" as const } : {}),
  ...(UNDER_BASE.has(e.path) ? { underBase: true } : {}),
}));
