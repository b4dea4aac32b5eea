/** What Rampart scans: an origin, a base path and the operations known on it. */

export type ParamLocation = "path" | "query" | "header" | "cookie";

export interface Parameter {
  name: string;
  in: ParamLocation;
  required: boolean;
  /** JSON Schema of the value, when a spec gave one. */
  schema?: Record<string, unknown>;
  example?: unknown;
}

export interface Operation {
  method: string;
  /** Path template relative to the origin, e.g. `/api/users/{id}`. */
  path: string;
  parameters: Parameter[];
  /** Security requirements declared for the operation: scheme names; `[]` = declared public; undefined = unknown. */
  security?: string[][];
  requestBody?: { contentTypes: string[]; schema?: Record<string, unknown>; required: boolean };
  deprecated?: boolean;
  operationId?: string;
  /** The spec's one-line summary, when given. */
  summary?: string;
  /** Response statuses the spec declares (`200`, `201`, `4XX`, `default`), when a spec gave them. */
  responseStatuses?: string[];
  /** Where the operation came from: the scanned URL, a spec, or discovery. */
  source: "url" | "spec" | "discovered";
  /** Concrete URL (path and query) to request for this operation, with parameters filled. */
  sampleUrl?: string;
  /** Headers the operation needs to be requested (e.g. a required `X-Api-Version` parameter); never credentials. */
  sampleHeaders?: Record<string, string>;
  /** Data a layer attaches, typed by the layer (`OperationMeta` is extended by declaration merging). */
  meta?: OperationMeta;
}

/**
 * What layers attach to an operation, one key per layer. Empty here: a layer declares its key
 * beside its writer (`declare module "../engine/target.js" { interface OperationMeta { openapi?: ... } }`),
 * so readers get its type without a cast and the engine stays below the layers.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by the layers through declaration merging
export interface OperationMeta {}

export interface Target {
  /** The URL the user gave, normalised. */
  url: URL;
  origin: string;
  /** The API base path (directory of the given URL, or the spec's server path). */
  basePath: string;
  operations: Operation[];
}

/** Thrown for a target URL Rampart cannot scan; the CLI prints the message and exits 2. */
export class TargetError extends Error {
  override name = "TargetError";
}

/** The origin of a URL, or undefined when it is not an absolute URL. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function parseTargetUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TargetError(`not a valid URL: ${JSON.stringify(input)} (expected e.g. http://127.0.0.1:8080/api)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetError(`unsupported scheme ${url.protocol} in ${input}: only http and https can be scanned`);
  }
  if (url.username || url.password) {
    throw new TargetError("credentials in the URL are not accepted: pass them with --header or --auth");
  }
  url.hash = "";
  return url;
}

/** A target seeded from the URL alone: one GET operation on the given path. */
export function targetFromUrl(url: URL): Target {
  const path = url.pathname || "/";
  const basePath = path.endsWith("/") ? path : path.slice(0, path.lastIndexOf("/") + 1) || "/";
  return {
    url,
    origin: url.origin,
    basePath,
    operations: [
      {
        method: "GET",
        path,
        parameters: [...url.searchParams.keys()].map((name) => ({
          name,
          in: "query" as const,
          required: false,
          example: url.searchParams.get(name),
        })),
        source: "url",
        sampleUrl: path + url.search,
      },
    ],
  };
}

/** The URL to request for an operation: its sample URL, or the template with `{x}` filled by 1. */
export function operationUrl(op: Operation): string {
  return op.sampleUrl ?? op.path.replace(/\{[^}]+\}/g, "1");
}

export function isLoopbackOrPrivate(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    h === "::1" ||
    /^127\./.test(h) ||
    /^10\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h)
  );
}
