import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { ScanConfig } from "../engine/scan.js";
import { exposureLayer } from "./exposure.js";

describe("--exposure-deep", () => {
  it("turns on the deep exposure pack and nothing else", () => {
    const cmd = new Command();
    exposureLayer.register(cmd);
    const opts = cmd.parse(["--exposure-deep"], { from: "user" }).opts();
    const config = { url: "http://127.0.0.1/", checks: [], enabled: ["ssrf-probe"] } as ScanConfig;
    exposureLayer.apply(opts, config);
    expect([...(config.enabled ?? [])].sort()).toEqual(["exposure-deep", "ssrf-probe"]);
    const off = { url: "http://127.0.0.1/", checks: [] } as ScanConfig;
    exposureLayer.apply(new Command().opts(), off);
    expect(off.enabled).toBeUndefined();
  });
});
