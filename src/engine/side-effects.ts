/**
 * Which operations may change state although they are reached with a "safe" method. A GET is not
 * proof of a side-effect-free route (`GET /createdb`, `GET /logout`, `GET /api/cache/flush`):
 * such routes are requested at most once per scan and never retried, repeated or burst.
 */
import type { Operation } from "./target.js";

/** Verbs that name an action on a path, an operationId or a summary. Probe classes are data. */
export const ACTION_VERBS = [
  "create",
  "reset",
  "init",
  "initialize",
  "initialise",
  "seed",
  "drop",
  "delete",
  "del",
  "remove",
  "destroy",
  "truncate",
  "wipe",
  "erase",
  "logout",
  "signout",
  "logoff",
  "flush",
  "clear",
  "purge",
  "import",
  "export",
  "sync",
  "run",
  "exec",
  "execute",
  "send",
  "pay",
  "refund",
  "charge",
  "transfer",
  "checkout",
  "restart",
  "reboot",
  "shutdown",
  "stop",
  "kill",
  "start",
  "trigger",
  "deploy",
  "migrate",
  "install",
  "uninstall",
  "rebuild",
  "reindex",
  "backup",
  "restore",
  "rollback",
  "revoke",
  "rotate",
  "cancel",
  "approve",
  "reject",
  "confirm",
  "activate",
  "deactivate",
  "enable",
  "disable",
  "subscribe",
  "unsubscribe",
  "invite",
  "register",
  "upload",
  "update",
  "edit",
  "add",
  "set",
  "submit",
  "publish",
  "unpublish",
  "ban",
  "unban",
  "lock",
  "unlock",
  "archive",
  "invalidate",
  "generate",
  "refresh",
  "recalculate",
  "process",
] as const;

const VERBS = new Set<string>(ACTION_VERBS);
/** Two-word actions written as one path segment (`sign-out`, `log_out`). */
const PHRASES = /^(sign|log)[-_ ]?(out|off)$/i;
/** A verb glued to what it acts on (`createdb`, `resetall`, `flushcache`). */
const GLUED_OBJECT = /^(db|database|data|all|cache|tables?|everything|users?|sessions?|tokens?|demo|sample)$/;
/** 2xx statuses of a read: anything else declared (201 Created, 202 Accepted...) says the call does something. */
const READ_STATUSES = new Set(["200", "204", "206", "2XX", "2xx"]);

/** Lower-case words of a path segment, an operationId or a summary (`resetPassword` → reset, password). */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function wordIsAction(word: string): boolean {
  if (VERBS.has(word)) return true;
  for (const verb of VERBS) if (word.startsWith(verb) && GLUED_OBJECT.test(word.slice(verb.length))) return true;
  return false;
}

/** The action a path names in one of its literal segments (templates `{id}` are never actions). */
export function actionInPath(path: string): string | undefined {
  for (const segment of path.split("?")[0].split("/")) {
    if (segment === "" || segment.startsWith("{")) continue;
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape is judged as written.
    }
    if (PHRASES.test(decoded)) return decoded;
    const action = wordsOf(decoded).find(wordIsAction);
    if (action) return decoded;
  }
  return undefined;
}

export type SideEffectInput = Pick<Operation, "method" | "path" | "operationId" | "summary" | "responseStatuses"> & {
  requestBody?: unknown;
};

/**
 * Why an operation reached with GET/HEAD may change state, or undefined for a read. A summary
 * only counts when it starts with the action ("Reset the database"), not when it merely mentions one.
 */
export function sideEffectOf(op: SideEffectInput): string | undefined {
  const inPath = actionInPath(op.path);
  if (inPath) return `its path names an action (${inPath})`;
  const idWords = op.operationId ? wordsOf(op.operationId) : [];
  if (idWords.some(wordIsAction)) return `its operationId names an action (${op.operationId})`;
  const firstWord = op.summary ? wordsOf(op.summary)[0] : undefined;
  if (firstWord && wordIsAction(firstWord)) return `its summary names an action (${op.summary})`;
  if (op.requestBody !== undefined && (op.method === "GET" || op.method === "HEAD"))
    return "the spec gives this GET a request body";
  const success = (op.responseStatuses ?? []).filter((s) => s.startsWith("2"));
  const odd = success.find((s) => !READ_STATUSES.has(s));
  if (odd) return `the spec declares ${odd} for it`;
  return undefined;
}

/** May the operation be requested more than once (bursts, retries, enumeration)? */
export function isRepeatable(op: SideEffectInput): boolean {
  return sideEffectOf(op) === undefined;
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}$`, "i");
}

/** Collapses the spellings of one route: case, doubled and trailing slashes, escapes, dot segments, ids. */
export function routeKey(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Keep the raw path.
  }
  const segments: string[] = [];
  for (const segment of decoded.toLowerCase().split(/[/\\;]+/)) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(/^(\d+|[0-9a-f-]{16,})$/.test(segment) ? "{}" : segment);
  }
  return `/${segments.join("/")}`;
}

/**
 * The engine's guard: for a request path, the route key when the path may change state, else
 * undefined. Covers the spec's side-effecting operations (by template) and any path that names
 * an action, except the URL the user asked to scan.
 */
export function sideEffectRoutes(
  operations: readonly Operation[],
  scannedPath: string,
): (pathname: string) => string | undefined {
  const flagged = operations
    // Only reads can be mistaken for reads: `DELETE /users/{id}` (operationId deleteUser) or `POST /users`
    // (201) must not make `GET /users/{id}` unrepeatable; other methods are never sent unasked anyway.
    .filter(
      (op) => (op.method === "GET" || op.method === "HEAD") && op.source !== "url" && sideEffectOf(op) !== undefined,
    )
    .map((op) => ({ regex: templateRegex(routeKey(op.path).replace(/%7b[^/]*%7d|\{[^}]*\}/gi, "{x}")) }));
  const scanned = routeKey(scannedPath);
  return (pathname) => {
    const key = routeKey(pathname);
    if (key === scanned) return undefined;
    if (actionInPath(key) !== undefined) return key;
    return flagged.some((f) => f.regex.test(key)) ? key : undefined;
  };
}
