import { describe, expect, it } from "vitest";
import { parseScanRequest, scanConfigOf } from "../api/scan.js";
import { activeLayer } from "./active.js";
import { applyConfig, parseConfig } from "./config.js";
import type { ScanRequestDraft } from "./layers.js";

const fresh = (): ScanRequestDraft => ({ target: "http://127.0.0.1:9/" });
const enabledBy = (request: ScanRequestDraft) => [...(scanConfigOf(parseScanRequest(request)).enabled ?? [])];
const enricherNames = (request: ScanRequestDraft) =>
  scanConfigOf(parseScanRequest(request)).enrichers?.map((e) => e.name);

describe("the active tier switch", () => {
  it("is off by default and on with --active; the tier is always published", async () => {
    const off = fresh();
    await activeLayer.apply({}, off);
    expect(enabledBy(off)).toEqual([]);
    expect(enricherNames(off)).toContain("tier");
    const on = fresh();
    await activeLayer.apply({ active: true }, on);
    expect(enabledBy(on)).toEqual(["active"]);
  });

  it("is turned on by `active: true` in .rampart.yaml, and a bad value is a one-line error", async () => {
    const opts: Record<string, unknown> = {};
    const request = fresh();
    applyConfig(parseConfig("active: true\n", ".rampart.yaml"), ".rampart.yaml", opts, request, {});
    await activeLayer.apply(opts, request);
    expect(enabledBy(request)).toEqual(["active"]);
    expect(() => parseConfig("active: maybe\n", ".rampart.yaml")).toThrow(/^\.rampart\.yaml: active: /);
  });

  it("an opt-in check switched on in .rampart.yaml turns on its flag; one switched off is skipped", () => {
    const opts: Record<string, unknown> = {};
    const request = fresh();
    applyConfig(
      parseConfig("checks:\n  ssrf-loopback-probe: on\n  cors-wildcard: off\n", ".rampart.yaml"),
      ".rampart.yaml",
      opts,
      request,
      {},
    );
    expect(opts.ssrfProbe).toBe(true);
    expect(request.skip).toEqual(["cors-wildcard"]);
    expect(scanConfigOf(parseScanRequest(request)).checks.map((c) => c.meta.id)).not.toContain("cors-wildcard");
  });
});
