/**
 * The shape of an exposure pack entry, its groups and the builder the group files use. Each group
 * id is the `subRule` of the findings its paths produce: kebab-case and stable forever, like a
 * rule id, so a suppression or a baseline can name one group.
 */
import type { Severity } from "../../../engine/finding.js";

/** The groups in probe order, each with the title `rampart checks` and docs/checks.md show. */
export const EXPOSURE_GROUPS = [
  { id: "vcs", title: "Version-control metadata (.git, .svn, .hg, .bzr)" },
  { id: "env", title: "Environment files (.env and its variants)" },
  { id: "backup", title: "Database dumps, backups and directory listings" },
  { id: "spring-actuator", title: "Spring Boot actuator and Jolokia endpoints" },
  { id: "debug", title: "Debug consoles, profilers and server status pages" },
  { id: "metrics", title: "Metrics and health endpoints that show internals" },
  { id: "graphql", title: "GraphQL IDEs and endpoints" },
  { id: "api-spec", title: "API specifications and collections" },
  { id: "api-docs", title: "Interactive API documentation" },
  { id: "cloud-credentials", title: "Cloud, registry, SSH and other credential files" },
  { id: "server-config", title: "Server, app, container and IDE configuration, dependency manifests" },
  { id: "ci-config", title: "CI pipeline configuration" },
  { id: "ai-agent-config", title: "AI agent and MCP configuration" },
  { id: "logs", title: "Log files" },
] as const;

export type ExposureGroup = (typeof EXPOSURE_GROUPS)[number]["id"];

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

type Spec = Omit<ExposurePath, "path" | "tier"> & { tier?: ExposurePath["tier"] };
export const entries = (paths: string[], spec: Spec): ExposurePath[] =>
  paths.map((path) => ({ tier: "default", ...spec, path }));
