/** `--exposure-deep`: probes the deep tier of the exposure pack (172 more paths). */
import type { Command } from "commander";
import { z } from "zod";
import { defineLayer } from "./layers.js";

export const exposureLayer = defineLayer({
  name: "exposure",
  flags: z.object({ exposureDeep: z.boolean().optional() }),
  register(cmd: Command) {
    cmd.option(
      "--exposure-deep",
      "probe the deep exposure pack too (172 more paths: .env variants, backups, logs, IDE, CI and agent files)",
    );
  },
  apply(flags, request) {
    if (flags.exposureDeep) request.exposureDeep = true;
  },
});
