import { describe, expect, it } from "vitest";
import { startRestApi } from "../../lab/rest/index.js";
import { useLab } from "../../test/lab-hooks.js";
import { scanTarget } from "../api/scan.js";
import { ReportStore } from "./store.js";

describe("the MCP report store", () => {
  const api = useLab(() => startRestApi({ hardened: false }));

  it("keeps the most recently used reports within its count and size bounds", async () => {
    const report = await scanTarget({ target: api.apiUrl, only: ["inventory"] });
    const size = JSON.stringify(report).length;

    const byCount = new ReportStore({ maxReports: 2, maxBytes: 100 * size });
    const [a, b] = [byCount.add(report), byCount.add(report)];
    expect(a).not.toBe(b);
    byCount.get(a); // a is now the most recently used: b goes first
    const c = byCount.add(report);
    expect(byCount.size).toBe(2);
    expect(() => byCount.get(b)).toThrow(/^no report "scan-[0-9a-f]{12}": .*keeps at most 2 recent reports/);
    expect(byCount.get(a)).toBe(report);
    expect(byCount.get(c)).toBe(report);

    const bySize = new ReportStore({ maxReports: 50, maxBytes: Math.floor(size * 1.5) });
    const first = bySize.add(report);
    bySize.add(report);
    expect(bySize.size).toBe(1);
    expect(() => bySize.get(first)).toThrow(/^no report/);
  });
});
