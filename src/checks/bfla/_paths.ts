/**
 * Role-gated function paths, relative to the API base. The first ones are the most common
 * across frameworks and are requested by default; `--bfla-deep` requests all of them.
 */
export const DEFAULT_PATH_COUNT = 6;

export const ROLE_GATED_PATHS = [
  "admin",
  "admin/users",
  "users/all",
  "internal",
  "management",
  "admin/config",
  // --bfla-deep from here on
  "admin/settings",
  "system",
  "staff",
  "manage/users",
  "admin/accounts",
  "admin/roles",
  "admin/permissions",
  "admin/logs",
  "admin/audit",
  "admin/stats",
  "admin/metrics",
  "admin/dashboard",
  "admin/orders",
  "admin/reports",
  "admin/tenants",
  "admin/keys",
  "admin/tokens",
  "admin/sessions",
  "admin/export",
  "admin/jobs",
  "admin/system",
  "admin/features",
  "admin/flags",
  "administrator",
  "administration",
  "superadmin",
  "superuser",
  "root",
  "sysadmin",
  "manage",
  "manager",
  "management/users",
  "internal/users",
  "internal/config",
  "internal/admin",
  "private",
  "private/users",
  "backoffice",
  "back-office",
  "ops",
  "operator",
  "moderator",
  "moderation",
  "support/users",
  "staff/users",
  "users/admin",
  "users/export",
  "users/roles",
  "roles",
  "permissions",
  "accounts/all",
  "tenants",
  "config",
  "settings/global",
] as const;

export function pathsFor(deep: boolean): readonly string[] {
  return deep ? ROLE_GATED_PATHS : ROLE_GATED_PATHS.slice(0, DEFAULT_PATH_COUNT);
}

/**
 * The API base the role-gated paths hang from: up to a version segment (`/api/v1/`) or an `/api/`
 * prefix when the scanned URL is deeper (`/api/v1/accounts/1`), else the URL's directory.
 */
export function apiBase(basePath: string): string {
  const dir = basePath.replace(/\/?$/, "/");
  const versioned = /^(.*?\/v\d+(\.\d+)?\/)/.exec(dir);
  if (versioned) return versioned[1];
  const api = /^(.*?\/(api|rest)\/)/.exec(dir);
  return api ? api[1] : dir;
}
