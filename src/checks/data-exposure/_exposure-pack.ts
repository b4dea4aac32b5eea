/**
 * The exposure pack: files and endpoints that should never be reachable on a production API,
 * each with a content validator (status alone proves nothing on catch-all hosts) and the reason
 * for its severity. `tier: "deep"` paths are probed only with `--exposure-deep`; `after` paths
 * only once their gate was found (e.g. `.git/logs/HEAD` after `.git/config`).
 *
 * The entries live in `_exposure-pack/`, one file per group (backups and directory listings share
 * one), with the validators and the entry shape in their own files. This index puts them in probe
 * order and keeps the budget decisions (which paths go deep, which are also probed under the API
 * base) in one place.
 */
import { AI_AGENT_CONFIG } from "./_exposure-pack/ai-agent-config.js";
import { API_SPECS } from "./_exposure-pack/api-spec.js";
import { BACKUPS, DIRECTORY_LISTINGS } from "./_exposure-pack/backup.js";
import { CI_CONFIG } from "./_exposure-pack/ci-config.js";
import { CLOUD_CREDENTIALS } from "./_exposure-pack/cloud-credentials.js";
import { DEBUG } from "./_exposure-pack/debug.js";
import { EXPOSURE_GROUPS, type ExposurePath } from "./_exposure-pack/entries.js";
import { ENV } from "./_exposure-pack/env.js";
import { GRAPHQL } from "./_exposure-pack/graphql.js";
import { LOGS } from "./_exposure-pack/logs.js";
import { METRICS } from "./_exposure-pack/metrics.js";
import { SERVER_CONFIG } from "./_exposure-pack/server-config.js";
import { SPRING_ACTUATOR } from "./_exposure-pack/spring-actuator.js";
import { VCS } from "./_exposure-pack/vcs.js";

export { EXPOSURE_GROUPS, type ExposureGroup, type ExposurePath } from "./_exposure-pack/entries.js";

/** Probe order: the order of the groups, with directory listings (group `backup`) before the logs. */
const ALL_PATHS: ExposurePath[] = [
  ...VCS,
  ...ENV,
  ...BACKUPS,
  ...SPRING_ACTUATOR,
  ...DEBUG,
  ...METRICS,
  ...GRAPHQL,
  ...API_SPECS,
  ...CLOUD_CREDENTIALS,
  ...SERVER_CONFIG,
  ...CI_CONFIG,
  ...AI_AGENT_CONFIG,
  ...DIRECTORY_LISTINGS,
  ...LOGS,
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

/** The groups a tier probes (its sub-rules), in pack order, with their titles. */
export function exposureSubRules(tier: ExposurePath["tier"]): { id: string; title: string }[] {
  const probed = new Set(EXPOSURE_PACK.filter((e) => e.tier === tier).map((e) => e.group));
  return EXPOSURE_GROUPS.filter((g) => probed.has(g.id)).map((g) => ({ id: g.id, title: g.title }));
}
