/**
 * Content validators of the exposure pack, shared by the group files: status alone proves nothing
 * on catch-all hosts, so every path must also show the content of the file it names.
 */
const HTML = /<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]/i;
export const notHtml = (body: string) => !HTML.test(body.slice(0, 2048));
export const all =
  (...res: RegExp[]) =>
  (body: string) =>
    notHtml(body) && res.every((re) => re.test(body));
/** For pages that are HTML by nature (status pages, consoles): markers only. */
export const page =
  (...res: RegExp[]) =>
  (body: string) =>
    res.every((re) => re.test(body));
export const magic =
  (...bytes: number[]) =>
  (_: string, raw: Buffer) =>
    raw.length >= bytes.length && bytes.every((b, i) => raw[i] === b);

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
export const json =
  (test: (v: Record<string, unknown>) => boolean) =>
  (body: string): boolean => {
    const v = parseJson(body);
    return typeof v === "object" && v !== null && !Array.isArray(v) && test(v as Record<string, unknown>);
  };
export const has = (v: Record<string, unknown>, ...keys: string[]) => keys.every((k) => k in v);

/** Two or more `NAME=value` lines and nothing that looks like markup or JSON. */
export const envFile = (body: string) =>
  notHtml(body) &&
  !body.trimStart().startsWith("{") &&
  (body.match(/^\s*(?:export\s+)?[A-Z][A-Z0-9_]{1,63}\s*=\s*\S*/gm) ?? []).length >= 2;
export const sqlDump = all(
  /CREATE TABLE|INSERT INTO|-- (?:MySQL|MariaDB) dump|-- PostgreSQL database dump|COPY [\w.]+ \(/i,
);
const yamlSpec = all(/^(?:openapi|swagger):\s*["']?\d/m, /^paths:/m);
const jsonSpec = json((v) => (typeof v.openapi === "string" || typeof v.swagger === "string") && has(v, "paths"));
/** An OpenAPI/Swagger document (JSON or YAML): what the OpenAPI layer can load. */
export const isSpec = (body: string) => jsonSpec(body) || yamlSpec(body);
const swaggerUi = (body: string) => /swagger-ui|SwaggerUIBundle/i.test(body);
/** Spec paths often serve the Swagger UI instead (swagger-ui-express at /api-docs): either proves the docs are public. */
export const specOrUi = (body: string) => isSpec(body) || swaggerUi(body);
export const markdownInstructions = (body: string) =>
  notHtml(body) && !body.trimStart().startsWith("{") && /^#{1,3} \S/m.test(body) && body.length >= 80;
export const mcpConfig = json((v) => typeof v.mcpServers === "object" || typeof v.servers === "object");
export const ZIP = magic(0x50, 0x4b, 0x03, 0x04);
export const GZIP = magic(0x1f, 0x8b);
export const SQLITE = (_: string, raw: Buffer) => raw.subarray(0, 15).toString("latin1") === "SQLite format 3";
