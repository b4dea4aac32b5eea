/** From the normalised spec to the engine's operations: base path, full path templates, filled URLs. */
import type { Exchange } from "../engine/http.js";
import { ArtefactKey, type Artefacts } from "../engine/seams.js";
import type { Operation, Target } from "../engine/target.js";
import { type FilledParameter, fillRequest } from "./fill.js";
import type { SpecModel, SpecOperation, SpecResponse } from "./model.js";

/** Where the spec came from; `exchange` is the response that served it (URL or discovery). */
export interface SpecSource {
  kind: "file" | "url" | "discovered";
  location: string;
  exchange?: Exchange;
}

/** What the OpenAPI layer leaves for its checks (artefact `openapi.spec`). */
export interface SpecArtefact {
  model: SpecModel;
  source: SpecSource;
  basePath: string;
  /** Which server chose the base path, and why. */
  serverNote: string;
}

declare module "../engine/target.js" {
  interface OperationMeta {
    openapi?: OpenApiOperationMeta;
  }
}

/** Spec data carried on each engine operation (`operation.meta.openapi`). */
export interface OpenApiOperationMeta {
  pointer: string;
  line?: number;
  specPath: string;
  responses: SpecResponse[];
  filled: FilledParameter[];
}

const SPEC = new ArtefactKey<SpecArtefact>("the spec the OpenAPI layer loaded");

export function setSpecArtefact(artefacts: Artefacts, spec: SpecArtefact): void {
  artefacts.set(SPEC, spec);
}

export function specArtefact(artefacts: Artefacts): SpecArtefact | undefined {
  return artefacts.get(SPEC);
}

export function openapiMetaOf(op: Operation): OpenApiOperationMeta | undefined {
  return op.meta?.openapi;
}

/** The target's operations that came from the spec, each with its spec data. */
export function specOperations(target: Target): { op: Operation; spec: OpenApiOperationMeta }[] {
  return target.operations.flatMap((op) => {
    const spec = openapiMetaOf(op);
    return op.source === "spec" && spec ? [{ op, spec }] : [];
  });
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Joins a base path and a spec path template without doubling or losing slashes. */
export function joinPath(basePath: string, specPath: string): string {
  const base = trimSlash(basePath) === "/" ? "" : trimSlash(basePath);
  return `${base}/${specPath.replace(/^\/+/, "")}`;
}

/**
 * Picks the base path the spec's paths hang from. The scan never leaves the target's origin, so
 * only a server's path is used: `--server` first, then a server on the target's origin (or a
 * relative one), then a server whose path prefixes the target URL's path, then the target URL's
 * own path, then the first server's path. A spec fetched from the target without servers hangs
 * from its origin's root.
 */
export function chooseBasePath(
  model: Pick<SpecModel, "servers">,
  target: { url: URL },
  opts: { server?: string; specUrl?: string },
): { basePath: string; note: string } {
  const origin = target.url.origin;
  if (opts.server) {
    const server = new URL(opts.server, target.url);
    return { basePath: trimSlash(server.pathname), note: `--server ${opts.server}` };
  }
  // No servers means "/" relative to where the spec was served (OpenAPI 3; Swagger 2.0 alike).
  const servers = model.servers.length === 0 && opts.specUrl ? ["/"] : model.servers;
  const resolved = servers.flatMap((declared) => {
    try {
      // A relative server URL resolves against the spec's location; an empty one names the spec's directory, not the spec.
      const reference = declared.trim() === "" ? "." : declared.trim();
      return [{ declared, url: new URL(reference, opts.specUrl ?? target.url.href) }];
    } catch {
      return [];
    }
  });
  const sameOrigin = resolved.find((s) => s.url.origin === origin);
  if (sameOrigin) return { basePath: trimSlash(sameOrigin.url.pathname), note: `server ${sameOrigin.declared}` };
  const targetPath = trimSlash(target.url.pathname);
  const prefix = resolved.find((s) => {
    const p = trimSlash(s.url.pathname);
    return p !== "/" && (targetPath === p || targetPath.startsWith(`${p}/`));
  });
  if (prefix)
    return {
      basePath: trimSlash(prefix.url.pathname),
      note: `path of server ${prefix.declared} (its host is not scanned)`,
    };
  if (targetPath !== "/") return { basePath: targetPath, note: "path of the scanned URL" };
  if (resolved[0])
    return {
      basePath: trimSlash(resolved[0].url.pathname),
      note: `path of server ${resolved[0].declared} (its host is not scanned)`,
    };
  return { basePath: "/", note: "no server declared" };
}

export function toTargetOperation(spec: SpecOperation, basePath: string): Operation {
  const path = joinPath(basePath, spec.path);
  const filled = fillRequest(path, spec.parameters);
  const meta: OpenApiOperationMeta = {
    pointer: spec.pointer,
    ...(spec.line ? { line: spec.line } : {}),
    specPath: spec.path,
    responses: spec.responses,
    filled: filled.parameters,
  };
  return {
    method: spec.method,
    path,
    parameters: spec.parameters,
    ...(spec.security ? { security: spec.security } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    ...(spec.deprecated ? { deprecated: true } : {}),
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    ...(spec.summary ? { summary: spec.summary } : {}),
    responseStatuses: spec.responses.map((r) => r.status),
    source: "spec",
    sampleUrl: filled.url,
    ...(Object.keys(filled.headers).length > 0 ? { sampleHeaders: filled.headers } : {}),
    meta: { openapi: meta },
  };
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Finds the spec operation an exchange hit (method and path template). Literal paths win over
 * templated ones, as in OpenAPI path matching (`/users/me` before `/users/{id}`).
 */
export function operationMatcher(ops: readonly Operation[]): (x: Exchange) => Operation | undefined {
  const candidates = ops
    .map((op) => ({ op, regex: templateRegex(op.path), literal: (op.path.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.literal - b.literal);
  return (x) => {
    const url = new URL(x.request.url);
    const method = x.request.method === "HEAD" ? ["HEAD", "GET"] : [x.request.method];
    return candidates.find((c) => method.includes(c.op.method) && c.regex.test(url.pathname))?.op;
  };
}

/** Is the operation protected by every alternative of its security (none is `{}`)? */
export function requiresCredentials(op: Pick<Operation, "security">): boolean {
  return (
    op.security !== undefined && op.security.length > 0 && op.security.every((alternative) => alternative.length > 0)
  );
}

/** The declared response for a status: exact code, then `4XX`-style range, then `default`. */
export function declaredResponse(responses: readonly SpecResponse[], status: number): SpecResponse | undefined {
  return (
    responses.find((r) => r.status === String(status)) ??
    responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`) ??
    responses.find((r) => r.status === "default")
  );
}
