/**
 * A spec file without `servers` says its paths start at the origin ("/"), yet people scan
 * `https://host/api` with it just as often because their API lives there. When the scanned URL
 * has a path, a couple of GET operations are tried under both bases and the one that answers is
 * used, and the report says which; a tie keeps the OpenAPI rule (the origin).
 */
import type { CheckHttp } from "../engine/http.js";
import { operationUrl } from "../engine/target.js";
import type { SpecModel } from "./model.js";
import { toTargetOperation } from "./operations.js";

/** GET operations tried under each base. */
const SAMPLE_OPERATIONS = 2;
/** Statuses that say "no such route here" rather than "a route that refused or failed". */
const NOT_HERE = new Set([404, 405, 410, 501]);

async function answersUnder(http: CheckHttp, model: SpecModel, base: string): Promise<number> {
  const sample = model.operations.filter((op) => op.method === "GET").slice(0, SAMPLE_OPERATIONS);
  let answered = 0;
  for (const spec of sample) {
    const op = toTargetOperation(spec, base);
    try {
      const x = await http.get(operationUrl(op), { headers: op.sampleHeaders, followRedirects: true });
      if (!NOT_HERE.has(x.status) && x.status < 500) answered++;
    } catch {
      // A failed request says nothing about either base.
    }
  }
  return answered;
}

/** The base to use for a spec file without servers scanned at `scannedPath` (not "/"). */
export async function probeBasePath(
  http: CheckHttp,
  model: SpecModel,
  scannedPath: string,
): Promise<{ basePath: string; note: string }> {
  const atOrigin = await answersUnder(http, model, "/");
  const atPath = await answersUnder(http, model, scannedPath);
  const tried = Math.min(SAMPLE_OPERATIONS, model.operations.filter((op) => op.method === "GET").length);
  if (atPath > atOrigin)
    return {
      basePath: scannedPath,
      note: `no servers in the spec: its paths answer under the scanned path ${scannedPath} (${atPath} of ${tried} sample operations), not at the origin`,
    };
  return {
    basePath: "/",
    note: `no servers in the spec: paths resolve against the origin${atOrigin > 0 ? ` (${atOrigin} of ${tried} sample operations answer there, ${atPath} under ${scannedPath})` : `; neither / nor ${scannedPath} answered the sample operations`}`,
  };
}
