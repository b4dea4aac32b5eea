import { describe, expect, it } from "vitest";
import type { ScanConfig } from "../engine/scan.js";
import { ACTIVE_OPT_IN, activeLayer } from "./active.js";
import { applyConfig, parseConfig } from "./config.js";

const fresh = (): ScanConfig => ({ url: "http://127.0.0.1:9/", checks: [] });

describe("the active tier switch", () => {
  it("is off by default and on with --active; the tier is always published", () => {
    const off = fresh();
    activeLayer.apply({}, off);
    expect(off.enabled).toBeUndefined();
    expect(off.enrichers?.map((e) => e.name)).toEqual(["tier"]);
    const on = fresh();
    activeLayer.apply({ active: true }, on);
    expect([...(on.enabled ?? [])]).toEqual([ACTIVE_OPT_IN]);
  });

  it("is turned on by `active: true` in .rampart.yaml, and a bad value is a one-line error", () => {
    const opts: Record<string, unknown> = {};
    const scan = fresh();
    applyConfig(parseConfig("active: true\n", ".rampart.yaml"), ".rampart.yaml", opts, scan, {});
    activeLayer.apply(opts, scan);
    expect([...(scan.enabled ?? [])]).toEqual([ACTIVE_OPT_IN]);
    expect(() => parseConfig("active: maybe\n", ".rampart.yaml")).toThrow(/^\.rampart\.yaml: active: /);
  });
});
