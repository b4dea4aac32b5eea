import type { Api, ScanQuery } from "./api";
import type { Scan } from "./types";

/** Pages through the scan list (at most `maxPages` pages of 100) for pickers and trends. */
export async function allScans(api: Api, query: ScanQuery, maxPages = 5): Promise<Scan[]> {
  const scans: Scan[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await api.scans({ ...query, limit: 100, cursor });
    scans.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return scans;
}
