/**
 * Credential specs (`bearer:TOKEN`, `basic:USER:PASS`, `header:NAME:VALUE`, `query:NAME:VALUE`,
 * `cookie:NAME=VALUE`) turned into scan identities. Pure: the CLI, the scan service and the MCP
 * server all parse credentials here. Error messages name the kind of credential, never its value.
 */
import { UsageError } from "./errors.js";
import type { Identity } from "./http.js";

export const AUTH_KINDS = ["bearer", "basic", "header", "query", "cookie"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function usage(kind: string, expected: string): UsageError {
  return new UsageError(`--auth ${kind}: expected ${expected} (the value is not shown here)`);
}

/** Splits `NAME<sep>VALUE` at the first separator; both parts must be non-empty. */
function splitPair(rest: string, separator: string, kind: string, expected: string): [string, string] {
  const i = rest.indexOf(separator);
  if (i <= 0 || i === rest.length - 1) throw usage(kind, expected);
  return [rest.slice(0, i).trim(), rest.slice(i + 1)];
}

/**
 * One credential spec to an identity:
 * `bearer:TOKEN`, `basic:USER:PASS`, `header:NAME:VALUE`, `query:NAME:VALUE`, `cookie:NAME=VALUE`.
 */
export function parseAuth(spec: string): Identity {
  const colon = spec.indexOf(":");
  const kind = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  switch (kind) {
    case "bearer": {
      const token = rest.trim();
      if (!token || /\s/.test(token)) throw usage(kind, "bearer:TOKEN");
      return { headers: { authorization: `Bearer ${token}` }, query: {} };
    }
    case "basic": {
      const [user, pass] = splitPair(rest, ":", kind, "basic:USER:PASS");
      return { headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` }, query: {} };
    }
    case "header": {
      const [name, value] = splitPair(rest, ":", kind, "header:NAME:VALUE");
      if (!HEADER_NAME.test(name)) throw usage(kind, "header:NAME:VALUE with a valid header name");
      return { headers: { [name.toLowerCase()]: value.trim() }, query: {} };
    }
    case "query": {
      const [name, value] = splitPair(rest, ":", kind, "query:NAME:VALUE");
      return { headers: {}, query: { [name]: value } };
    }
    case "cookie": {
      const [name, value] = splitPair(rest, "=", kind, "cookie:NAME=VALUE");
      if (!HEADER_NAME.test(name)) throw usage(kind, "cookie:NAME=VALUE with a valid cookie name");
      return { headers: { cookie: `${name}=${value.trim()}` }, query: {} };
    }
    default:
      // The kind is not echoed: a spec without a known kind may be a bare secret.
      throw new UsageError(
        `--auth: expected KIND:VALUE with KIND one of ${AUTH_KINDS.join(", ")} (e.g. bearer:TOKEN; the value is not shown here)`,
      );
  }
}

/** Several specs make one identity (e.g. an API key header plus a session cookie). */
export function mergeIdentities(parts: readonly Identity[]): Identity | undefined {
  if (parts.length === 0) return undefined;
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.headers))
      headers[k] = k === "cookie" && headers[k] ? `${headers[k]}; ${v}` : v;
    Object.assign(query, p.query);
  }
  return { headers, query };
}
