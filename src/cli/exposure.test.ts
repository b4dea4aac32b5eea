import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { parseScanRequest, scanConfigOf } from "../api/scan.js";
import { exposureLayer } from "./exposure.js";
import type { ScanRequestDraft } from "./layers.js";

describe("--exposure-deep", () => {
  it("turns on the deep exposure pack and nothing else", async () => {
    const cmd = new Command();
    exposureLayer.register(cmd);
    const opts = cmd.parse(["--exposure-deep"], { from: "user" }).opts();
    const request: ScanRequestDraft = { target: "http://127.0.0.1/", ssrfProbe: true };
    await exposureLayer.apply(opts, request);
    expect([...(scanConfigOf(parseScanRequest(request)).enabled ?? [])].sort()).toEqual([
      "exposure-deep",
      "ssrf-probe",
    ]);
    const off: ScanRequestDraft = { target: "http://127.0.0.1/" };
    await exposureLayer.apply(new Command().opts(), off);
    expect([...(scanConfigOf(parseScanRequest(off)).enabled ?? [])]).toEqual([]);
  });
});
