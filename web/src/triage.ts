import type { Api } from "./api";
import type { Report, TriageMark } from "./types";
import { useAsync } from "./useAsync";

/**
 * The tenant's current triage marks (GET /v1/triage), which also apply to findings of later
 * scans; the marks frozen into a report (`extensions.triage`) only fill in when the list cannot
 * be read.
 */
export function useTriage(api: Api, report: Report | undefined) {
  const list = useAsync(() => api.triage(), [api]);
  const marks: Record<string, TriageMark> = list.data
    ? Object.fromEntries(
        list.data.items.map((item) => [item.fingerprint, { status: item.status, reason: item.reason }]),
      )
    : { ...(report?.extensions?.triage ?? {}) };
  return { marks, reload: list.reload, error: list.error };
}
