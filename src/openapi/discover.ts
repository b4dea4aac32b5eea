/**
 * Finding a spec the target publishes. Known locations are asked in a fixed order, a batch at a
 * time, and the first location (in list order) that answers with an OpenAPI or Swagger document
 * wins, so the result does not depend on response timing. Swagger UI configuration files are
 * followed to the spec they name, inside the target's origin only (the client's scope lock).
 */
import { type CheckHttp, type Exchange, HttpError, textOf } from "../engine/http.js";
import { joinPath } from "./operations.js";

/** Spec locations used by common frameworks and gateways, most likely first. */
export const SPEC_LOCATIONS: readonly string[] = [
  "/openapi.json",
  "/swagger.json",
  "/v3/api-docs",
  "/v2/api-docs",
  "/api-docs",
  "/openapi.yaml",
  "/swagger.yaml",
  "/openapi.yml",
  "/swagger.yml",
  "/openapi",
  "/api/openapi.json",
  "/api/swagger.json",
  "/api/openapi.yaml",
  "/api/swagger.yaml",
  "/api/v1/openapi.json",
  "/api/v1/swagger.json",
  "/api/v2/openapi.json",
  "/api/v2/swagger.json",
  "/api/v3/openapi.json",
  "/v1/openapi.json",
  "/v1/swagger.json",
  "/v2/openapi.json",
  "/v2/swagger.json",
  "/v3/openapi.json",
  "/api-docs.json",
  "/api-docs/swagger.json",
  "/api-docs/openapi.json",
  "/v3/api-docs.yaml",
  "/swagger/v1/swagger.json",
  "/swagger/v2/swagger.json",
  "/swagger/doc.json",
  "/swagger/swagger.json",
  "/swagger/openapi.json",
  "/docs/openapi.json",
  "/docs/swagger.json",
  "/api/docs/openapi.json",
  "/api/docs/swagger.json",
  "/api/schema/",
  "/openapi/v1.json",
  "/q/openapi",
  "/api-json",
  "/docs-json",
  "/.well-known/openapi.json",
  "/.well-known/openapi.yaml",
  "/spec/openapi.json",
  // Names some apps give their spec, spelled as they spell them (servers may match paths case-sensitively).
  "/openAPI-spec.json",
  "/openapi-spec.json",
  "/swagger-spec.json",
  "/static/openapi.json",
  "/public/openapi.json",
  // Swagger UI configuration (springdoc, springfox, swagger-ui v4+ initializer): they name the spec.
  "/v3/api-docs/swagger-config",
  "/swagger-resources",
  "/swagger-config.json",
  "/swagger-ui/swagger-initializer.js",
  "/swagger-ui/swagger-config.json",
  // Documentation pages (Swagger UI, ReDoc) that embed the spec's URL.
  "/swagger-ui.html",
  "/swagger-ui/index.html",
  "/docs",
  "/redoc",
];

/** Locations tried relative to the API's base path as well (when it is not `/`). */
const BASE_RELATIVE = ["openapi.json", "swagger.json", "openapi.yaml", "swagger.yaml", "api-docs", "v3/api-docs"];
const BATCH = 8;
const MAX_CONFIG_FOLLOWS = 2;

export interface DiscoveredSpec {
  url: string;
  text: string;
  exchange: Exchange;
  /** Every location asked, in order (for the coverage report). */
  tried: string[];
}

/**
 * Rarer locations, asked only with `--discover-deep`: the default scan keeps to 40 root locations
 * (plus a few under the API base) so a URL-only scan stays within its request allowance.
 */
const DEEP_ONLY = new Set([
  "/api/openapi.yaml",
  "/api/swagger.yaml",
  "/api/v2/openapi.json",
  "/api/v2/swagger.json",
  "/api/v3/openapi.json",
  "/v2/openapi.json",
  "/v2/swagger.json",
  "/v3/openapi.json",
  "/api-docs/swagger.json",
  "/api-docs/openapi.json",
  "/swagger/swagger.json",
  "/swagger/openapi.json",
  "/api/docs/swagger.json",
  "/.well-known/openapi.yaml",
  "/static/openapi.json",
  "/public/openapi.json",
  "/openAPI-spec.json",
  "/openapi-spec.json",
  "/swagger-spec.json",
]);

/** Candidate paths for a target whose API lives under `basePath`. */
export function discoveryPaths(basePath: string, deep = false): string[] {
  const base = basePath === "/" ? [] : BASE_RELATIVE.map((p) => joinPath(basePath, p));
  const root = deep ? SPEC_LOCATIONS : SPEC_LOCATIONS.filter((p) => !DEEP_ONLY.has(p));
  return [...new Set([...base, ...root])];
}

/** Does the text look like an OpenAPI 3 or Swagger 2 document (JSON or YAML)? Cheap, no parse. */
export function looksLikeSpec(text: string): boolean {
  const head = text.slice(0, 4096);
  return (
    (/(^|[{,\s])["']?(openapi)["']?\s*:\s*["']?3\.\d/m.test(head) ||
      /(^|[{,\s])["']?swagger["']?\s*:\s*["']?2\.0/m.test(head)) &&
    /["']?(paths|webhooks)["']?\s*:/.test(text)
  );
}

/** The opening of an OpenAPI or Swagger document, JSON or YAML (used before reading a large body in full). */
export function looksLikeSpecStart(text: string): boolean {
  return /^\s*(\{\s*)?["']?(openapi|swagger)["']?\s*:/.test(text.slice(0, 512));
}

/** Spec URLs named by a Swagger UI configuration (JSON config, springfox resources, JS initializer). */
export function specUrlsInConfig(text: string): string[] {
  const urls: string[] = [];
  try {
    const parsed = JSON.parse(text) as unknown;
    const entries = Array.isArray(parsed)
      ? parsed
      : [parsed, ...(((parsed as { urls?: unknown[] })?.urls as unknown[]) ?? [])];
    for (const entry of entries) {
      if (!entry || typeof entry !== "object") continue;
      const { url, location } = entry as { url?: unknown; location?: unknown };
      for (const value of [url, location]) if (typeof value === "string" && value) urls.push(value);
    }
  } catch {
    // Swagger UI initializers (`url: "/v3/api-docs"`) and ReDoc tags (`spec-url="/openapi.json"`).
    for (const m of text.matchAll(/\b(?:url\s*:|spec-url\s*=)\s*["'`]([^"'`]+)["'`]/g)) urls.push(m[1]);
  }
  return [...new Set(urls)];
}

/** The `swagger-ui-init.js` a swagger-ui-express page loads: it embeds the whole spec as `swaggerDoc`. */
export function initScriptUrlsInPage(html: string): string[] {
  return [...new Set([...html.matchAll(/src\s*=\s*["']([^"']*swagger-ui-init\.js)["']/gi)].map((m) => m[1]))];
}

/** The spec a swagger-ui-express initializer embeds (`"swaggerDoc": {...}`), as JSON text; undefined when none. */
export function embeddedSpecIn(script: string): string | undefined {
  const at = script.search(/["']?swaggerDoc["']?\s*:\s*\{/);
  if (at < 0) return undefined;
  const start = script.indexOf("{", at);
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i++) {
    const c = script[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      const text = script.slice(start, i + 1);
      try {
        JSON.parse(text);
      } catch {
        return undefined;
      }
      return looksLikeSpec(text) ? text : undefined;
    }
  }
  return undefined;
}

/** Big specs exist (several MiB); only a body that starts like one is worth reading that far. */
const LARGE_SPEC_BYTES = 8 * 1024 * 1024;
const FIRST_READ_BYTES = 256 * 1024;

async function fetchQuietly(http: CheckHttp, url: string): Promise<Exchange | undefined> {
  try {
    // A small read first: a host that answers every path with megabytes must not make discovery
    // hold them; only a body that opens like a spec is read in full.
    const x = await http.get(url, { followRedirects: true, maxBodyBytes: FIRST_READ_BYTES });
    if (!x.truncated || x.status !== 200 || !looksLikeSpecStart(textOf(x))) return x;
    return await http.get(url, { followRedirects: true, maxBodyBytes: LARGE_SPEC_BYTES });
  } catch (err) {
    // A network failure or timeout just means "not here"; budget, deadline or scope stop the search.
    if (err instanceof HttpError && (err.code === "network" || err.code === "timeout")) return undefined;
    throw err;
  }
}

function specFrom(x: Exchange | undefined): string | undefined {
  if (x?.status !== 200 || x.truncated) return undefined;
  const text = textOf(x);
  // A swagger-ui-express initializer mentions `openapi` and `paths` too: take the spec out of it first.
  return embeddedSpecIn(text) ?? (looksLikeSpec(text) ? text : undefined);
}

/** Asks the known locations; returns the first spec found, or undefined. `tried` collects every location asked. */
export async function discoverSpec(
  http: CheckHttp,
  basePath: string,
  deep = false,
  tried: string[] = [],
): Promise<DiscoveredSpec | undefined> {
  const paths = discoveryPaths(basePath, deep);
  const configs: { url: string; urls: string[] }[] = [];
  for (let i = 0; i < paths.length; i += BATCH) {
    const batch = paths.slice(i, i + BATCH);
    tried.push(...batch);
    let answers: (Exchange | undefined)[];
    try {
      answers = await Promise.all(batch.map((p) => fetchQuietly(http, p)));
    } catch {
      break;
    }
    for (const [j, x] of answers.entries()) {
      const text = specFrom(x);
      // Where the spec really is (after redirects): relative servers resolve against it.
      if (text && x)
        return { url: x.redirects.at(-1) ?? new URL(batch[j], http.origin).href, text, exchange: x, tried };
      if (x && x.status === 200 && !x.truncated) {
        const urls = [...initScriptUrlsInPage(textOf(x)), ...specUrlsInConfig(textOf(x))];
        if (urls.length > 0) configs.push({ url: x.redirects.at(-1) ?? x.request.url, urls });
      }
    }
  }
  for (const config of configs.slice(0, MAX_CONFIG_FOLLOWS)) {
    for (const named of config.urls.slice(0, 1)) {
      const url = new URL(named, config.url);
      if (url.origin !== http.origin) continue;
      tried.push(url.pathname + url.search);
      const x = await fetchQuietly(http, url.href).catch(() => undefined);
      const text = specFrom(x);
      if (text && x) return { url: url.href, text, exchange: x, tried };
    }
  }
  return undefined;
}
