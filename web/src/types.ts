/** The shapes the dashboard reads from the scan service's REST API (docs/report.schema.json). */

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TIERS = ["quick", "standard", "deep"] as const;
export type Tier = (typeof TIERS)[number];

export const SCAN_STATUSES = ["queued", "running", "done", "failed", "canceled"] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export type Grade = "A" | "B" | "C" | "D" | "F";

export interface Progress {
  checksDone: number;
  checksTotal: number;
  requests: number;
}

export interface Scan {
  id: string;
  target: string;
  status: ScanStatus;
  progress?: Partial<Progress> | null;
  score?: number | null;
  grade?: Grade | null;
  counts?: Partial<Record<Severity, number>> | null;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  scheduleId?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Evidence {
  request: string;
  requestHeaders?: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  excerpt?: string;
  detail?: string;
}

export interface Finding {
  ruleId: string;
  /** Which part of the rule (an exposure group, an LLM probe family), stable like the rule id. */
  subRule?: string;
  title: string;
  severity: Severity;
  confidence: "confirmed" | "firm" | "tentative";
  category: string;
  owasp: string[];
  cwe: string[];
  operation: { method: string; path: string };
  message: string;
  evidence: Evidence;
  reproduce: string;
  remediation: string;
  fingerprint: string;
}

export type TriageStatus = "false_positive" | "accepted_risk";

export interface TriageMark {
  status: TriageStatus;
  reason: string;
}

export interface TriageItem extends TriageMark {
  fingerprint: string;
  ruleId?: string;
  createdAt?: string;
}

export interface Report {
  target: string;
  score: number;
  grade: Grade;
  gradeCap?: { grade: Grade; reason: string };
  categories: Record<string, { score: number | null; tested: boolean }>;
  findings: Finding[];
  partial?: { reason: string };
  extensions?: { triage?: Record<string, TriageMark> } & Record<string, unknown>;
  stats?: { requests: number; durationMs: number };
}

/** What the diff endpoint lists per finding. */
export type DiffFinding = Pick<Finding, "ruleId" | "title" | "severity" | "operation" | "fingerprint">;

export interface ScanDiff {
  base: string;
  head: string;
  new: DiffFinding[];
  fixed: DiffFinding[];
  unchanged: DiffFinding[];
  scoreDrift: number;
}

export interface AuthProfile {
  name: string;
  createdAt?: string;
}

export interface ScanOptions {
  seed?: number;
  budget?: number;
  deadline?: number;
  llmTier?: Tier;
  auth?: string;
  active?: boolean;
}

export interface Schedule {
  id: string;
  target: string;
  cron: string;
  options?: ScanOptions;
  nextRunAt?: string | null;
  createdAt?: string;
}

export const WEBHOOK_EVENTS = ["scan.completed", "scan.failed", "finding.new"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret?: string;
  createdAt?: string;
}

export interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatus?: number | null;
  lastError?: string | null;
  createdAt: string;
  deliveredAt?: string | null;
}

export interface Domain {
  host: string;
  token: string;
  verified: boolean;
  verifiedAt?: string | null;
  createdAt?: string;
}

export interface ScanEvent {
  event: "progress" | "done" | string;
  data: Partial<Progress> & { status?: ScanStatus; score?: number; grade?: Grade };
}
