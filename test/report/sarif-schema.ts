/** The official SARIF 2.1.0 JSON schema (kept as a fixture) compiled with ajv, for tests. */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SCHEMA_FILE = new URL("../fixtures/sarif-schema-2.1.0.json", import.meta.url);

function compile() {
  // The schema is written for draft-04 (`id`, draft-04 `$schema`); its keywords are also valid in
  // the draft-07 dialect ajv 8 speaks, once the draft-04 identifiers are translated.
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...schema, $id: id });
}

const validate = compile();

/** Schema errors of a SARIF log, as readable lines (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Every `artifactLocation.uri` anywhere in the log. */
export function artifactUris(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(artifactUris);
  if (node && typeof node === "object") {
    const own = (node as { artifactLocation?: { uri?: unknown } }).artifactLocation?.uri;
    return [...(typeof own === "string" ? [own] : []), ...Object.values(node).flatMap(artifactUris)];
  }
  return [];
}
