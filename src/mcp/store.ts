/**
 * The reports an MCP server has produced, kept in memory only (no disk, no database) and bounded:
 * at most `maxReports` of them and about `maxBytes` of JSON, the least recently used evicted first.
 */
import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { UsageError } from "../engine/errors.js";
import type { ScanReport } from "../engine/finding.js";

export interface ReportStoreLimits {
  maxReports: number;
  maxBytes: number;
}

export const DEFAULT_STORE_LIMITS: ReportStoreLimits = { maxReports: 50, maxBytes: 64 * 1024 * 1024 };

export class ReportStore {
  readonly #reports: LRUCache<string, ScanReport>;

  constructor(limits: ReportStoreLimits = DEFAULT_STORE_LIMITS) {
    this.#reports = new LRUCache<string, ScanReport>({
      max: limits.maxReports,
      maxSize: limits.maxBytes,
      // Serialised length is a fair proxy for the memory a report holds.
      sizeCalculation: (report) => Math.max(1, JSON.stringify(report).length),
    });
  }

  /** Stores a report and returns its new id. */
  add(report: ScanReport): string {
    const scanId = `scan-${randomBytes(6).toString("hex")}`;
    this.#reports.set(scanId, report);
    return scanId;
  }

  /** The report of `scanId`, or a one-line error telling the agent what to do. */
  get(scanId: string): ScanReport {
    const report = this.#reports.get(scanId);
    if (!report)
      throw new UsageError(
        `no report ${JSON.stringify(scanId)}: it was never made or was evicted (this server keeps at most ${this.#reports.max} recent reports in memory); run scan again`,
      );
    return report;
  }

  get size(): number {
    return this.#reports.size;
  }
}
