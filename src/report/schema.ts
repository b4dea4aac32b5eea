/**
 * The report as published in `docs/report.schema.json`: the engine's `ScanReport` with the schema
 * of every extension the scanner itself writes (the service adds `triage` to the reports it serves).
 */
import { z } from "zod";
import { injectionExtension } from "../checks/input-validation/_injection.js";
import { ScanReport } from "../engine/finding.js";
import { llmExtension } from "../llm/extension.js";
import { openapiExtension } from "../openapi/extension.js";
import { baselineExtension, suppressionsExtension, tierExtension } from "./extensions.js";

export const DocumentedReport = ScanReport.extend({
  extensions: z
    .looseObject({
      [openapiExtension.name]: openapiExtension.schema.optional(),
      [llmExtension.name]: llmExtension.schema.optional(),
      [injectionExtension.name]: injectionExtension.schema.optional(),
      [tierExtension.name]: tierExtension.schema.optional(),
      [baselineExtension.name]: baselineExtension.schema.optional(),
      [suppressionsExtension.name]: suppressionsExtension.schema.optional(),
    })
    .optional(),
});
