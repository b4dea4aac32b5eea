/**
 * `extensions.openapi`: where the spec came from (or how many locations discovery tried) and every
 * spec operation's fate. Written by the OpenAPI enricher; read by the summary and SARIF (which
 * points findings at an operation's line in a spec file).
 */
import { z } from "zod";
import { ReportExtension } from "../engine/seams.js";

const CoverageRow = z.object({
  method: z.string(),
  path: z.string(),
  /** Line in the spec file (SARIF points findings at it). */
  line: z.number().int().optional(),
  operationId: z.string().optional(),
  status: z.enum(["tested", "skipped"]),
  reason: z.string().optional(),
  /** HTTP status of the engine's request to the operation. */
  response: z.number().int().optional(),
  url: z.string().optional(),
  parameters: z
    .array(
      z.object({
        name: z.string(),
        in: z.string(),
        value: z.string().optional(),
        source: z.string().optional(),
        note: z.string().optional(),
      }),
    )
    .default([]),
});
export type CoverageRow = z.output<typeof CoverageRow>;

export const openapiExtension = new ReportExtension(
  "openapi",
  z.object({
    /** Null when no spec was given and none was found. */
    source: z.object({ kind: z.enum(["file", "url", "discovered"]), location: z.string() }).nullable(),
    discovery: z.object({ tried: z.number().int(), found: z.boolean(), problem: z.string().optional() }).optional(),
    version: z.string().optional(),
    title: z.string().optional(),
    servers: z.array(z.string()).optional(),
    basePath: z.string().optional(),
    basePathFrom: z.string().optional(),
    counts: z.object({ found: z.number().int(), tested: z.number().int(), skipped: z.number().int() }).optional(),
    operations: z.array(CoverageRow).optional(),
    warnings: z.array(z.string()).optional(),
  }),
);
export type OpenApiExtension = z.output<typeof openapiExtension.schema>;
