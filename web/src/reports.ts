import type { Api } from "./api";
import type { Report } from "./types";

/** A finished scan's report never changes: fetched once per page load and shared by its views. */
const cache = new Map<string, Promise<Report>>();

export function loadReport(api: Api, id: string): Promise<Report> {
  let report = cache.get(id);
  if (!report) {
    report = api.report(id);
    cache.set(id, report);
    report.catch(() => cache.delete(id));
  }
  return report;
}

export function clearReports(): void {
  cache.clear();
}
