/** The OpenAPI layer's lines in the terminal summary: where the spec came from and what was tested. */
import { openapiExtension } from "./extension.js";

const SOURCE_WORDS: Record<string, string> = { file: "from", url: "fetched from", discovered: "found at" };

/** Lines for `extensions.openapi` (none when the layer did not run). */
export function openapiSummaryLines(report: { extensions?: Record<string, unknown> }): string[] {
  const ext = openapiExtension.read(report);
  if (!ext) return [];
  if (!ext.source) {
    const tried = ext.discovery?.tried ?? 0;
    const problem = ext.discovery?.problem ? ` (a published spec could not be used: ${ext.discovery.problem})` : "";
    return [`OpenAPI: no spec given; none found at ${tried} known locations${problem}`];
  }
  const counts = ext.counts ?? { found: 0, tested: 0, skipped: 0 };
  const kind = ext.source.kind;
  const lines = [
    `OpenAPI ${ext.version ?? "?"} "${ext.title ?? ""}" ${SOURCE_WORDS[kind] ?? "from"} ${ext.source.location}: ${counts.found} operations, ${counts.tested} tested, ${counts.skipped} skipped`,
  ];
  if (ext.basePath) lines.push(`  paths under ${ext.basePath}${ext.basePathFrom ? ` (${ext.basePathFrom})` : ""}`);
  const reasons = new Map<string, number>();
  for (const op of ext.operations ?? []) {
    if (op.status !== "skipped" || !op.reason) continue;
    // Group "POST is never sent", "DELETE is never sent"... under one line.
    const reason = op.reason.replace(/^[A-Z]+ is never sent/, "non-GET operations are never sent");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, n] of [...reasons].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  skipped ${n}: ${reason}`);
  return lines;
}
