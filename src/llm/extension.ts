/** `extensions.llm`: what the LLM layer recognised (or tried), what it sent and spent, and every probe's verdict. */
import { z } from "zod";
import { ReportExtension } from "../engine/seams.js";

const ProbeRecord = z.object({
  check: z.string(),
  probe: z.string(),
  family: z.string(),
  verdict: z.enum(["vulnerable", "resisted", "inconclusive", "error"]),
  /** Deterministic verdicts come from canaries and detectors; judged ones from the optional judge model. */
  method: z.enum(["deterministic", "judged"]),
  status: z.number().int().optional(),
  note: z.string().optional(),
});
export type ProbeRecord = z.output<typeof ProbeRecord>;

export const LlmSpend = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  model: z.string().optional(),
  estimatedCostUsd: z.number(),
  /** False when the model has no known list price (a generic price was used). */
  priced: z.boolean(),
});

export const llmExtension = new ReportExtension(
  "llm",
  z.object({
    recognised: z
      .object({
        kind: z.string(),
        path: z.string(),
        via: z.string(),
        answers: z.boolean(),
        model: z.string().optional(),
        replyPath: z.string().optional(),
        canned: z.literal(true).optional(),
        evidence: z.array(z.string()).optional(),
        acceptsAnyBearer: z.literal(true).optional(),
      })
      .nullable(),
    /** Why nothing was recognised. */
    reason: z.string().optional(),
    tried: z.array(z.string()),
    requests: z.number().int(),
    estimatedTokens: z.number(),
    spend: LlmSpend,
    probes: z.array(ProbeRecord),
  }),
);
export type LlmExtension = z.output<typeof llmExtension.schema>;
