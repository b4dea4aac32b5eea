/** What the spec-versus-runtime checks share: the spec of this scan and the exchanges per operation. */
import type { CheckContext } from "../engine/check.js";
import type { RecordedExchange } from "../engine/http.js";
import type { Operation } from "../engine/target.js";
import { operationMatcher, type SpecArtefact, specArtefact, specOperations } from "./operations.js";

export const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** The scan's spec, or undefined after marking the check skipped (no spec was given or found). */
export function specOrSkip(ctx: CheckContext): SpecArtefact | undefined {
  const spec = specArtefact(ctx.artefacts);
  if (!spec) ctx.skip("no OpenAPI spec in this scan (pass --spec, or none was found)");
  return spec;
}

/** Where spec-level findings (servers, schemes) are filed: the API's base path. */
export function specOperationRef(spec: SpecArtefact): { method: string; path: string } {
  return { method: "GET", path: spec.basePath || "/" };
}

/**
 * Exchanges that requested a spec operation as documented: the engine's baseline and the
 * openapi checks' own requests (other checks' deliberately odd probes are not the contract's business).
 */
export function documentedExchanges(ctx: CheckContext): { op: Operation; x: RecordedExchange }[] {
  const ops = specOperations(ctx.target).map((s) => s.op);
  const match = operationMatcher(ops);
  return ctx.exchanges().flatMap((x) => {
    if (x.checkId !== "baseline" && !x.checkId.startsWith("openapi-")) return [];
    const op = match(x);
    return op ? [{ op, x }] : [];
  });
}

/** Media type without parameters, lower-cased. */
export function mediaTypeOf(value: string | undefined): string {
  return (value ?? "").split(";")[0].trim().toLowerCase();
}

/** Does a response media type satisfy a declared one (`application/json`, `application/*`, `*\/*`)? */
export function mediaTypeMatches(actual: string, declared: string): boolean {
  const want = mediaTypeOf(declared);
  if (want === "*/*" || want === actual) return true;
  if (want.endsWith("/*")) return actual.startsWith(want.slice(0, -1));
  return false;
}
