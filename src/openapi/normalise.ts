/** Swagger 2.0, OpenAPI 3.0 and 3.1 documents into one `SpecModel`. */
import type { Parameter, ParamLocation } from "../engine/target.js";
import { pointerSegment } from "./json-lines.js";
import type { LoadedSpec, SpecVersion } from "./load.js";
import type { JsonSchema, SecurityScheme, SpecModel, SpecOperation, SpecResponse } from "./model.js";
import { toJsonSchema } from "./schema.js";

const METHODS = ["get", "head", "options", "post", "put", "patch", "delete", "trace"];
const LOCATIONS = new Set<ParamLocation>(["path", "query", "header", "cookie"]);
/** Parameter fields of Swagger 2.0 that are not part of the value's schema. */
const SWAGGER2_PARAM_META = new Set(["name", "in", "required", "description", "collectionFormat", "allowEmptyValue"]);

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown): Obj {
  return isObject(value) ? value : {};
}

function requirementsOf(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObject).map((requirement) => Object.keys(requirement).sort());
}

/** The JSON-ish media type of a content map, if any: what response validation looks at. */
export function jsonMediaType(types: string[]): string | undefined {
  return types.find((t) => /^application\/json\b/i.test(t)) ?? types.find((t) => /[/+]json\b/i.test(t));
}

function firstExample(param: Obj): unknown {
  if (param.example !== undefined) return param.example;
  if (param["x-example"] !== undefined) return param["x-example"];
  const examples = param.examples;
  if (isObject(examples)) {
    for (const example of Object.values(examples)) if (isObject(example) && "value" in example) return example.value;
  }
  return undefined;
}

function swagger2ParamSchema(param: Obj): JsonSchema {
  return Object.fromEntries(Object.entries(param).filter(([key]) => !SWAGGER2_PARAM_META.has(key)));
}

function serverUrlsOf(document: Obj, version: SpecVersion): string[] {
  if (version === "2.0") {
    const basePath = typeof document.basePath === "string" ? document.basePath : "";
    const host = typeof document.host === "string" ? document.host : undefined;
    if (!host) return basePath ? [basePath] : [];
    const schemes = Array.isArray(document.schemes) && document.schemes.length > 0 ? document.schemes : ["https"];
    return schemes.map((scheme) => `${String(scheme)}://${host}${basePath}`);
  }
  const servers = Array.isArray(document.servers) ? document.servers.filter(isObject) : [];
  return servers
    .filter((server) => typeof server.url === "string")
    .map((server) => {
      const variables = objectAt(server.variables);
      return (server.url as string).replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const fallback = objectAt(variables[name]).default;
        return fallback === undefined ? whole : String(fallback);
      });
    });
}

function securitySchemesOf(document: Obj, version: SpecVersion): Record<string, SecurityScheme> {
  const declared =
    version === "2.0"
      ? objectAt(document.securityDefinitions)
      : objectAt(objectAt(document.components).securitySchemes);
  const out: Record<string, SecurityScheme> = {};
  for (const [name, raw] of Object.entries(declared)) {
    if (!isObject(raw)) continue;
    const type = raw.type === "basic" ? "http" : String(raw.type ?? "unknown");
    out[name] = {
      type,
      ...(typeof raw.in === "string" ? { in: raw.in } : {}),
      ...(typeof raw.name === "string" ? { name: raw.name } : {}),
      ...(raw.type === "basic"
        ? { scheme: "basic" }
        : typeof raw.scheme === "string"
          ? { scheme: raw.scheme.toLowerCase() }
          : {}),
    };
  }
  return out;
}

interface OperationContext {
  document: Obj;
  version: SpecVersion;
  path: string;
  method: string;
  pathItem: Obj;
  operation: Obj;
  globalSecurity?: string[][];
  warnings: string[];
}

function parametersOf(ctx: OperationContext): { parameters: Parameter[]; bodyParams: Obj[] } {
  const byKey = new Map<string, Obj>();
  for (const raw of [
    ...(Array.isArray(ctx.pathItem.parameters) ? ctx.pathItem.parameters : []),
    ...(Array.isArray(ctx.operation.parameters) ? ctx.operation.parameters : []),
  ]) {
    if (!isObject(raw)) continue;
    byKey.set(`${String(raw.in)}:${String(raw.name)}`, raw);
  }
  const parameters: Parameter[] = [];
  const bodyParams: Obj[] = [];
  for (const raw of byKey.values()) {
    if (raw.in === "body" || raw.in === "formData") {
      bodyParams.push(raw);
      continue;
    }
    if (typeof raw.name !== "string" || !LOCATIONS.has(raw.in as ParamLocation)) {
      ctx.warnings.push(
        `${ctx.method.toUpperCase()} ${ctx.path}: parameter ${JSON.stringify(raw.name)} in ${JSON.stringify(raw.in)} ignored`,
      );
      continue;
    }
    const contentSchema = Object.values(objectAt(raw.content)).find(isObject)?.schema;
    const rawSchema = ctx.version === "2.0" ? swagger2ParamSchema(raw) : (raw.schema ?? contentSchema);
    const example = firstExample(raw);
    parameters.push({
      name: raw.name,
      in: raw.in as ParamLocation,
      required: raw.in === "path" || raw.required === true,
      ...(rawSchema === undefined ? {} : { schema: toJsonSchema(rawSchema, ctx.version) }),
      ...(example === undefined ? {} : { example }),
    });
  }
  return { parameters, bodyParams };
}

function requestBodyOf(ctx: OperationContext, bodyParams: Obj[]): SpecOperation["requestBody"] {
  if (ctx.version === "2.0") {
    if (bodyParams.length === 0) return undefined;
    const body = bodyParams.find((p) => p.in === "body");
    const consumes = (ctx.operation.consumes ?? ctx.document.consumes) as string[] | undefined;
    const contentTypes = body ? (consumes ?? ["application/json"]) : ["application/x-www-form-urlencoded"];
    return {
      contentTypes,
      ...(body?.schema ? { schema: toJsonSchema(body.schema, ctx.version) } : {}),
      required: bodyParams.some((p) => p.required === true),
    };
  }
  const raw = ctx.operation.requestBody;
  if (!isObject(raw)) return undefined;
  const content = objectAt(raw.content);
  const contentTypes = Object.keys(content);
  const media = jsonMediaType(contentTypes) ?? contentTypes[0];
  const schema = media ? objectAt(content[media]).schema : undefined;
  return {
    contentTypes,
    ...(schema === undefined ? {} : { schema: toJsonSchema(schema, ctx.version) }),
    required: raw.required === true,
  };
}

function responsesOf(ctx: OperationContext): SpecResponse[] {
  const produces = (ctx.operation.produces ?? ctx.document.produces) as string[] | undefined;
  return Object.entries(objectAt(ctx.operation.responses)).map(([status, raw]): SpecResponse => {
    const response = objectAt(raw);
    if (ctx.version === "2.0") {
      const contentTypes = response.schema === undefined ? [] : (produces ?? ["application/json"]);
      return {
        status,
        contentTypes,
        ...(response.schema === undefined ? {} : { schema: toJsonSchema(response.schema, ctx.version) }),
      };
    }
    const content = objectAt(response.content);
    const contentTypes = Object.keys(content);
    const media = jsonMediaType(contentTypes);
    const schema = media ? objectAt(content[media]).schema : undefined;
    return { status, contentTypes, ...(schema === undefined ? {} : { schema: toJsonSchema(schema, ctx.version) }) };
  });
}

function operationOf(ctx: OperationContext): SpecOperation {
  const { parameters, bodyParams } = parametersOf(ctx);
  const requestBody = requestBodyOf(ctx, bodyParams);
  const ownSecurity = requirementsOf(ctx.operation.security);
  const security = ownSecurity ?? ctx.globalSecurity;
  return {
    method: ctx.method.toUpperCase(),
    path: ctx.path,
    pointer: `#/paths/${pointerSegment(ctx.path)}/${ctx.method}`,
    ...(typeof ctx.operation.operationId === "string" ? { operationId: ctx.operation.operationId } : {}),
    ...(typeof ctx.operation.summary === "string" ? { summary: ctx.operation.summary } : {}),
    deprecated: ctx.operation.deprecated === true,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    ...(security ? { security } : {}),
    ownSecurity: ownSecurity !== undefined,
    responses: responsesOf(ctx),
  };
}

export function toSpecModel(spec: LoadedSpec): SpecModel {
  const { document, version, location } = spec;
  const warnings: string[] = [];
  const globalSecurity = requirementsOf(document.security);
  const operations: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries(objectAt(document.paths))) {
    if (!isObject(rawItem)) continue;
    if (!path.startsWith("/")) warnings.push(`path ${JSON.stringify(path)} does not start with "/"`);
    for (const method of METHODS) {
      const operation = rawItem[method];
      if (!isObject(operation)) continue;
      const op = operationOf({
        document,
        version,
        path,
        method,
        pathItem: rawItem,
        operation,
        globalSecurity,
        warnings,
      });
      const line = spec.operationLines[op.pointer];
      operations.push(line ? { ...op, line } : op);
    }
  }
  const info = objectAt(document.info);
  return {
    version,
    title: typeof info.title === "string" ? info.title : "untitled",
    location,
    servers: serverUrlsOf(document, version),
    securitySchemes: securitySchemesOf(document, version),
    ...(globalSecurity ? { globalSecurity } : {}),
    operations,
    warnings,
  };
}
