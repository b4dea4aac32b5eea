/** `--exposure-deep`: probes the deep tier of the exposure pack (172 more paths). */
import type { Command } from "commander";
import type { ScanConfig } from "../engine/scan.js";
import type { CliLayer } from "./layers.js";

export const exposureLayer: CliLayer = {
  name: "exposure",
  register(cmd: Command) {
    cmd.option(
      "--exposure-deep",
      "probe the deep exposure pack too (172 more paths: .env variants, backups, logs, IDE, CI and agent files)",
    );
  },
  apply(opts, config: ScanConfig) {
    if (opts.exposureDeep) config.enabled = new Set([...(config.enabled ?? []), "exposure-deep"]);
  },
};
