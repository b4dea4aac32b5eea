/**
 * `--active` (or `active: true` in .rampart.yaml): the opt-in active tier. It enables the checks
 * whose `optIn` is "active" (OS command injection: `echo` of a nonce behind shell separators; the
 * benign writes: throw-away objects and the scan's own throw-away account), and every report states
 * its tier under `extensions.tier`. Without it, no request of the active tier is sent.
 */
import type { Command } from "commander";
import { publishExtension } from "../engine/check.js";
import type { ScanConfig, TargetEnricher } from "../engine/scan.js";
import type { CliLayer } from "./layers.js";

export const ACTIVE_OPT_IN = "active";

/** Publishes the tier a scan ran in; sends nothing. */
export const tierEnricher: TargetEnricher = {
  name: "tier",
  maxRequests: 0,
  async enrich({ artefacts, options }) {
    publishExtension(artefacts, "tier", options.enabled.has(ACTIVE_OPT_IN) ? "active" : "safe");
  },
};

export const activeLayer: CliLayer = {
  name: "active",
  register(cmd: Command) {
    cmd.option(
      "--active",
      "opt-in active tier: OS command injection probes (echo of a random nonce behind ; | && $() and backticks, nothing else) and benign writes with throw-away values (mass assignment, login operator injection and account enumeration on the scan's own account, SSRF through URL body fields)",
    );
  },
  apply(opts, config: ScanConfig) {
    if (opts.active === true) config.enabled = new Set([...(config.enabled ?? []), ACTIVE_OPT_IN]);
    config.enrichers = [...(config.enrichers ?? []), tierEnricher];
  },
};
