/** Request bodies of the REST API (zod): validated on the way in, published in /v1/openapi.json. */
import { z } from "zod";
import { WEBHOOK_EVENTS } from "./webhooks.js";

const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, dot, dash and underscore only");

export const ScanOptions = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    budget: z.number().int().min(1).max(5000).optional(),
    /** Seconds. */
    deadline: z.number().int().min(1).max(900).optional(),
    llmTier: z.enum(["quick", "standard", "deep"]).optional(),
    /** Name of one of the tenant's auth profiles (credentials stay encrypted in the service). */
    auth: name.optional(),
    active: z.boolean().optional(),
    only: z.array(z.string().min(1).max(100)).max(100).optional(),
    skip: z.array(z.string().min(1).max(100)).max(100).optional(),
    concurrency: z.number().int().min(1).max(16).optional(),
    rps: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type ScanOptions = z.infer<typeof ScanOptions>;

export const SubmitScan = z
  .object({
    target: z.string().min(1).max(2048),
    /** A URL on the target's origin (never a file: the service reads nothing from its own disk). */
    spec: z.string().min(1).max(2048).optional(),
    options: ScanOptions.default({}),
  })
  .strict();

export const ListScans = z.object({
  target: z.string().max(2048).optional(),
  status: z.enum(["queued", "running", "done", "failed", "canceled"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});

export const ReportQuery = z.object({
  format: z.enum(["json", "sarif", "html", "markdown", "junit"]).default("json"),
});

export const DiffQuery = z.object({ base: z.string().min(1).max(64), head: z.string().min(1).max(64) });

export const CreateSchedule = z
  .object({
    target: z.string().min(1).max(2048),
    spec: z.string().min(1).max(2048).optional(),
    cron: z.string().min(1).max(100),
    options: ScanOptions.default({}),
  })
  .strict();

export const CreateWebhook = z
  .object({
    url: z.string().min(1).max(2048),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  })
  .strict();

export const PutTriage = z
  .object({
    ruleId: z.string().min(1).max(100),
    status: z.enum(["false_positive", "accepted_risk"]),
    reason: z.string().max(2000).default(""),
  })
  .strict();

export const PutAuthProfile = z
  .object({
    /** Credential specs of the first identity (`bearer:TOKEN`, `header:NAME:VALUE`, ...). */
    auth: z.array(z.string().min(1).max(4096)).min(1).max(8),
    /** A second identity for cross-user checks. */
    auth2: z.array(z.string().min(1).max(4096)).max(8).default([]),
  })
  .strict();

export const CreateDomain = z.object({ host: z.string().min(1).max(253) }).strict();

export const profileName = name;
