/**
 * Reading a spec into a dereferenced document. External `$ref`s are only ever read from files in
 * the spec's own folder (or below it); anything on the network is refused, so a hostile spec
 * cannot make Rampart fetch URLs (SSRF from the scanner) or read files elsewhere on disk.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { SpecError } from "./errors.js";
import { jsonOperationLines, pointerSegment } from "./json-lines.js";

export type SpecVersion = "2.0" | "3.0" | "3.1";

export interface LoadedSpec {
  /** Dereferenced document: every `$ref` replaced by its target (circular ones share objects). */
  document: Record<string, unknown>;
  version: SpecVersion;
  /** Where it came from: an absolute file path or a URL. */
  location: string;
  /** Line of each operation in the spec text, by JSON pointer (`#/paths/~1users/get`). */
  operationLines: Record<string, number>;
}

interface ParsedSpec {
  value: Record<string, unknown>;
  operationLines: Record<string, number>;
}

/** `/users/{id}` → `~1users~1{id}` (RFC 6901). */
/** JSON text the fast way: JSON.parse and a line scan (a YAML document model costs ~60x the text). */
function parseJsonSpec(text: string): ParsedSpec | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // Not strict JSON (comments, YAML flow style): the YAML parser says where.
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  return { value: value as Record<string, unknown>, operationLines: jsonOperationLines(text) };
}

/** Parses JSON or YAML text; a syntax error names the line and column. */
export function parseSpecText(text: string, location: string): ParsedSpec {
  const json = parseJsonSpec(text);
  if (json) return json;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    const reason = error.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "");
    throw new SpecError(`${location}:${at.line}:${at.col}: cannot parse the spec: ${reason}`);
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new SpecError(`${location}: not an OpenAPI or Swagger document (expected an object at the top level)`);
  const operationLines: Record<string, number> = {};
  const paths = doc.get("paths", true);
  if (isMap(paths)) {
    for (const pathPair of paths.items) {
      if (!isScalar(pathPair.key) || !isMap(pathPair.value)) continue;
      const path = String(pathPair.key.value);
      for (const methodPair of pathPair.value.items) {
        if (!isScalar(methodPair.key) || !methodPair.key.range) continue;
        const pointer = `#/paths/${pointerSegment(path)}/${String(methodPair.key.value)}`;
        operationLines[pointer] = lineCounter.linePos(methodPair.key.range[0]).line;
      }
    }
  }
  return { value: value as Record<string, unknown>, operationLines };
}

export function specVersionOf(document: Record<string, unknown>, location: string): SpecVersion {
  const { swagger, openapi } = document;
  if (swagger !== undefined) {
    if (String(swagger) === "2.0" || swagger === 2) return "2.0";
    throw new SpecError(
      `${location}: #/swagger: unsupported Swagger version ${JSON.stringify(swagger)} (expected "2.0")`,
    );
  }
  if (typeof openapi === "string" && /^3\.0\.\d+$/.test(openapi)) return "3.0";
  if (typeof openapi === "string" && /^3\.1\.\d+$/.test(openapi)) return "3.1";
  if (openapi !== undefined)
    throw new SpecError(
      `${location}: #/openapi: unsupported OpenAPI version ${JSON.stringify(openapi)} (expected a "3.0.x" or "3.1.x" string)`,
    );
  throw new SpecError(`${location}: not an OpenAPI or Swagger document (no "openapi" or "swagger" field)`);
}

/** Fixes the version typos swagger-parser rejects but that carry no ambiguity (YAML numbers). */
function normaliseVersionFields(document: Record<string, unknown>, version: SpecVersion): void {
  if (version === "2.0") document.swagger = "2.0";
  const info = document.info as Record<string, unknown> | undefined;
  if (info && typeof info.version === "number") info.version = String(info.version);
  if (!info) document.info = { title: "untitled", version: "0" };
  if (document.paths === undefined && version !== "3.1") document.paths = {};
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** Resolver options: local files inside `folder` only (none when undefined), never http(s). */
function resolveOptions(folder: string | undefined): SwaggerParser.Options {
  if (!folder) return { resolve: { external: false, http: false, file: false } };
  return {
    resolve: {
      external: true,
      http: false,
      file: {
        canRead: (file: { url: string }) =>
          !/^[a-z][a-z0-9+.-]*:\/\//i.test(file.url) && isInside(folder, path.resolve(file.url)),
      },
    },
  };
}

/** Turns swagger-parser's errors into one line that says where the problem is. */
function specErrorFrom(err: unknown, location: string): SpecError {
  if (err instanceof SpecError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const unresolved = /Unable to resolve \$ref pointer "([^"]+)"/.exec(message);
  if (unresolved) {
    const ref = unresolved[1];
    const external = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || !ref.startsWith("#");
    return new SpecError(
      external
        ? `${location}: $ref "${ref}" refused: external references are only read from files beside the spec, never from the network`
        : `${location}: $ref "${ref}" points at nothing in the spec`,
    );
  }
  const missing = /Missing \$ref pointer "([^"]+)"/.exec(message);
  if (missing) return new SpecError(`${location}: $ref "${missing[1]}" points at nothing in the spec`);
  const firstLine = message.split("\n")[0];
  return new SpecError(`${location}: invalid spec: ${firstLine}`);
}

async function dereference(
  { value: document, operationLines }: ParsedSpec,
  location: string,
  basePath: string | undefined,
  folder: string | undefined,
): Promise<LoadedSpec> {
  const version = specVersionOf(document, location);
  normaliseVersionFields(document, version);
  if (document.paths !== undefined && (typeof document.paths !== "object" || Array.isArray(document.paths)))
    throw new SpecError(`${location}: #/paths must be an object of path templates`);
  try {
    const options = resolveOptions(folder);
    const parsed = basePath
      ? await SwaggerParser.dereference(basePath, document as never, options)
      : await SwaggerParser.dereference(document as never, options);
    return { document: parsed as unknown as Record<string, unknown>, version, location, operationLines };
  } catch (err) {
    throw specErrorFrom(err, location);
  }
}

/** Loads a spec file; `$ref`s to other files are allowed only inside the spec's folder. */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new SpecError(`${file}: cannot read the spec: ${reason}`);
  }
  return dereference(parseSpecText(text, file), file, absolute, path.dirname(absolute));
}

/** Loads spec text fetched from a URL: no external `$ref` is followed at all. */
export function loadSpecText(text: string, location: string): Promise<LoadedSpec> {
  return dereference(parseSpecText(text, location), location, undefined, undefined);
}
