/**
 * The OpenAPI layer's enricher: loads the given spec (file, or URL on the target's origin fetched
 * through the scan's own client so the scope lock, budget and rate cap apply) or discovers one,
 * then replaces the target's operations with the spec's. After the engine's baselines it
 * publishes which operations were tested or skipped and how their parameters were filled.
 */
import type { Exchange } from "../engine/http.js";
import type { ScanEnv, TargetEnricher } from "../engine/scan.js";
import type { Artefacts } from "../engine/seams.js";
import type { Operation } from "../engine/target.js";
import { probeBasePath } from "./base-probe.js";
import { discoverSpec, discoveryPaths } from "./discover.js";
import { SpecError } from "./errors.js";
import { type CoverageRow, type OpenApiExtension, openapiExtension } from "./extension.js";
import { type LoadedSpec, loadSpecFile, loadSpecText } from "./load.js";
import { toSpecModel } from "./normalise.js";
import {
  chooseBasePath,
  openapiMetaOf,
  type SpecArtefact,
  type SpecSource,
  setSpecArtefact,
  specArtefact,
  toTargetOperation,
} from "./operations.js";
import { hintedOperations, PATH_HINT_REQUESTS } from "./path-hints.js";

export interface OpenApiOptions {
  /** A spec file, or a URL on the scanned origin. */
  spec?: string;
  /** Overrides the spec's servers (only its path is used: the scan stays on the target's origin). */
  server?: string;
  /** Look for a published spec when none is given (default true). */
  discover?: boolean;
  /** Ask every known location, not only the 40 most common. */
  discoverDeep?: boolean;
}

/** The engine requests at most this many operations (see MAX_BASELINE in src/engine/scan.ts). */
const BASELINE_LIMIT = 100;
const SAFE_METHODS = new Set(["GET", "HEAD"]);

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

async function loadGivenSpec(
  env: Parameters<TargetEnricher["enrich"]>[0],
  spec: string,
): Promise<{ loaded: LoadedSpec; source: SpecSource }> {
  if (!isUrl(spec)) return { loaded: await loadSpecFile(spec), source: { kind: "file", location: spec } };
  const url = new URL(spec);
  if (url.origin !== env.target.origin)
    throw new SpecError(
      `${spec}: a spec URL must be on the scanned origin ${env.target.origin} (download it and pass the file instead)`,
    );
  let x: Exchange;
  try {
    x = await env.http.get(url.href, { followRedirects: true, maxBodyBytes: 8 * 1024 * 1024 });
  } catch (err) {
    throw new SpecError(`${spec}: cannot fetch the spec: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (x.status !== 200) throw new SpecError(`${spec}: cannot fetch the spec: HTTP ${x.status}`);
  if (x.truncated) throw new SpecError(`${spec}: the spec is larger than 8 MB`);
  return {
    loaded: await loadSpecText(x.body.toString("utf8"), url.href),
    source: { kind: "url", location: url.href, exchange: x },
  };
}

function skipReason(op: Operation, index: number, baseline: Exchange | undefined, done: boolean): string | undefined {
  if (!SAFE_METHODS.has(op.method))
    return `${op.method} is never sent by the scan (only GET and HEAD; a check may send a benign POST it declares)`;
  if (index >= BASELINE_LIMIT) return `beyond the engine's limit of ${BASELINE_LIMIT} requested operations`;
  if (!done) return "not requested yet";
  if (!baseline) return "the request failed (network, timeout, budget or deadline)";
  return undefined;
}

/** The `extensions.openapi` value: where the spec came from and every operation's fate. */
export function coverageOf(
  spec: SpecArtefact,
  operations: readonly Operation[],
  baselines?: ReadonlyMap<Operation, Exchange>,
): OpenApiExtension {
  let safeIndex = 0;
  const rows: CoverageRow[] = operations.flatMap((op) => {
    // Counted over every operation, as the engine does when it picks which ones to request.
    const index = SAFE_METHODS.has(op.method) ? safeIndex++ : -1;
    const meta = openapiMetaOf(op);
    if (!meta || op.source !== "spec") return [];
    const baseline = baselines?.get(op);
    const reason = skipReason(op, index, baseline, baselines !== undefined);
    return [
      {
        method: op.method,
        path: op.path,
        ...(meta.line ? { line: meta.line } : {}),
        ...(op.operationId ? { operationId: op.operationId } : {}),
        status: reason ? "skipped" : "tested",
        ...(reason ? { reason } : {}),
        ...(baseline ? { response: baseline.status } : {}),
        ...(SAFE_METHODS.has(op.method) && op.sampleUrl ? { url: op.sampleUrl } : {}),
        parameters: meta.filled.map((p) => ({ ...p })),
      } satisfies CoverageRow,
    ];
  });
  return {
    source: { kind: spec.source.kind, location: spec.source.location },
    version: spec.model.version,
    title: spec.model.title,
    servers: spec.model.servers,
    basePath: spec.basePath,
    basePathFrom: spec.serverNote,
    counts: {
      found: rows.length,
      tested: rows.filter((r) => r.status === "tested").length,
      skipped: rows.filter((r) => r.status === "skipped").length,
    },
    operations: rows,
    ...(spec.model.warnings.length > 0 ? { warnings: spec.model.warnings } : {}),
  };
}

function publishNoSpec(artefacts: Artefacts, tried: number, problem?: string): void {
  openapiExtension.publish(artefacts, {
    source: null,
    discovery: { tried, found: false, ...(problem ? { problem } : {}) },
  });
}

type EnrichEnv = Parameters<TargetEnricher["enrich"]>[0];

export function openapiEnricher(options: OpenApiOptions = {}): TargetEnricher {
  const discover = options.discover !== false;
  /** Loads the given spec or discovers one, and replaces the target's operations with the spec's. */
  async function loadOrDiscover(env: EnrichEnv): Promise<void> {
    let loaded: LoadedSpec;
    let source: SpecSource;
    let tried: string[] = [];
    if (options.spec) {
      ({ loaded, source } = await loadGivenSpec(env, options.spec));
    } else if (discover) {
      const asked: string[] = [];
      const found = await discoverSpec(env.http, env.target.basePath, options.discoverDeep, asked);
      // Counted by discovery itself: path hints share this enricher's client and budget.
      if (!found) return publishNoSpec(env.artefacts, asked.length);
      tried = found.tried;
      try {
        loaded = await loadSpecText(found.text, found.url);
      } catch (err) {
        // A broken spec the target happens to publish must not stop the scan of the target.
        return publishNoSpec(env.artefacts, tried.length, err instanceof Error ? err.message : String(err));
      }
      source = { kind: "discovered", location: found.url, exchange: found.exchange };
    } else return;

    const model = toSpecModel(loaded);
    const specUrl = source.kind === "file" ? undefined : source.location;
    const chosen = chooseBasePath(model, env.target, { server: options.server, specUrl });
    const scannedPath = env.target.url.pathname.replace(/\/+$/, "") || "/";
    // A spec file without servers, scanned at a path: try both bases (src/openapi/base-probe.ts).
    const { basePath, note } =
      !specUrl && !options.server && model.servers.length === 0 && scannedPath !== "/"
        ? await probeBasePath(env.http, model, scannedPath)
        : chosen;
    const operations = model.operations.map((op) => toTargetOperation(op, basePath));
    // The scanned URL stays first (checks that look at "the" URL still find it) unless a spec operation requests it too.
    const urlOperations = env.target.operations.filter(
      (given) =>
        !operations.some((op) => op.method === given.method && op.sampleUrl === (given.sampleUrl ?? given.path)),
    );
    env.target.operations = [...urlOperations, ...operations];
    env.target.basePath = basePath.endsWith("/") ? basePath : `${basePath}/`;
    const artefact: SpecArtefact = { model, source, basePath, serverNote: note };
    setSpecArtefact(env.artefacts, artefact);
    openapiExtension.publish(env.artefacts, {
      ...coverageOf(artefact, env.target.operations),
      ...(tried.length > 0 ? { discovery: { tried: tried.length, found: true } } : {}),
    });
  }
  return {
    name: "openapi",
    // Every discovery location, two Swagger UI config follow-ups and a full read of up to two large
    // specs (or one given spec URL), and the path hints (robots.txt, bundles, login pages).
    maxRequests: discoveryPaths("/x/", options.discoverDeep).length + 4 + PATH_HINT_REQUESTS,
    async enrich(env) {
      // Paths the target names itself (robots.txt, bundles, login pages) join the model whether or not a spec
      // turns up; asked alongside discovery and added after it, minus what the spec already lists.
      const hinting = discover && !options.spec ? hintedOperations(env.http, env.target.operations) : undefined;
      try {
        await loadOrDiscover(env);
      } finally {
        const known = env.target.operations;
        for (const hint of (await hinting) ?? [])
          if (!known.some((op) => op.path === hint.path || op.sampleUrl === hint.path)) known.push(hint);
      }
    },
    afterBaselines(env: ScanEnv, baselines) {
      const artefact = specArtefact(env.artefacts);
      if (!artefact) return;
      const current = openapiExtension.current(env.artefacts);
      openapiExtension.publish(env.artefacts, {
        ...coverageOf(artefact, env.target.operations, baselines),
        ...(current?.discovery ? { discovery: current.discovery } : {}),
      });
    },
  };
}
