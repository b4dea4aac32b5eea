/** The spec, normalised across Swagger 2.0, OpenAPI 3.0 and 3.1 into what the scan needs. */
import type { Parameter } from "../engine/target.js";
import type { SpecVersion } from "./load.js";

export type JsonSchema = Record<string, unknown>;

export interface SecurityScheme {
  /** apiKey, http, oauth2, openIdConnect, mutualTLS (Swagger's `basic` becomes http/basic). */
  type: string;
  in?: string;
  name?: string;
  scheme?: string;
}

export interface SpecResponse {
  /** As declared: "200", "4XX" or "default". */
  status: string;
  contentTypes: string[];
  /** JSON Schema of a JSON body, when declared (circular parts cut, see schema.ts). */
  schema?: JsonSchema;
}

export interface SpecOperation {
  method: string;
  /** Path template exactly as in the spec (relative to its server). */
  path: string;
  /** JSON pointer of the operation in the spec, e.g. `#/paths/~1users/get`. */
  pointer: string;
  /** Line of the operation in the spec text, when known. */
  line?: number;
  operationId?: string;
  summary?: string;
  deprecated: boolean;
  parameters: Parameter[];
  requestBody?: { contentTypes: string[]; schema?: JsonSchema; required: boolean };
  /** Effective security (operation's own, else the global one); undefined = none declared anywhere. */
  security?: string[][];
  /** True when the operation states its own `security` (overriding the global one). */
  ownSecurity: boolean;
  responses: SpecResponse[];
}

export interface SpecModel {
  version: SpecVersion;
  title: string;
  location: string;
  /** Server URLs as declared (variables replaced by their defaults; may be relative). */
  servers: string[];
  securitySchemes: Record<string, SecurityScheme>;
  globalSecurity?: string[][];
  operations: SpecOperation[];
  /** Things skipped while normalising (a parameter without a name, an unknown method...). */
  warnings: string[];
}
