/**
 * `--active` (or `active: true` in .rampart.yaml): the opt-in active tier. It enables the checks
 * whose `optIn` is "active" (OS command injection: `echo` of a nonce behind shell separators; the
 * benign writes: throw-away objects and the scan's own throw-away account), and every report states
 * its tier under `extensions.tier`. Without it, no request of the active tier is sent.
 */
import type { Command } from "commander";
import { z } from "zod";
import { defineLayer } from "./layers.js";

export const activeLayer = defineLayer({
  name: "active",
  flags: z.object({ active: z.boolean().optional() }),
  register(cmd: Command) {
    cmd.option(
      "--active",
      "opt-in active tier: OS command injection probes (echo of a random nonce behind ; | && $() and backticks, nothing else) and benign writes with throw-away values (mass assignment, login operator injection and account enumeration on the scan's own account, SSRF through URL body fields)",
    );
  },
  apply(flags, request) {
    if (flags.active) request.active = true;
  },
});
