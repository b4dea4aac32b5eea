/**
 * `--spec FILE|URL`, `--server URL` and `--no-discover` for `rampart scan`. A spec URL must be on
 * the scanned origin: it is fetched by the scan's own HTTP client, so the scope lock, budget and
 * rate cap hold for it like for any other request (a spec elsewhere can be downloaded and passed
 * as a file). Without `--spec`, the enricher looks for a published spec.
 */
import type { Command } from "commander";
import { z } from "zod";
import { originOf } from "../engine/target.js";
import { isUrl } from "../openapi/enricher.js";
import { UsageError } from "./io.js";
import { defineLayer } from "./layers.js";

export const openapiLayer = defineLayer({
  name: "openapi",
  flags: z.object({
    spec: z.string().optional(),
    server: z.string().optional(),
    discover: z.boolean().default(true),
    discoverDeep: z.boolean().optional(),
  }),
  register(cmd: Command) {
    cmd
      .option(
        "--spec <file|url>",
        "OpenAPI 3.0/3.1 or Swagger 2.0 spec (JSON or YAML); a URL must be on the scanned origin",
      )
      .option("--server <url>", "base path to use instead of the spec's servers (same origin as the scanned URL)")
      .option("--no-discover", "do not look for a published OpenAPI spec")
      .option("--discover-deep", "look for a spec at every known location (59), not only the 40 most common");
  },
  apply(flags, request) {
    const target = originOf(request.target);
    // Checked here too, to name the flag and say what to do instead (the scan API checks both again).
    if (flags.spec && isUrl(flags.spec) && target && originOf(flags.spec) !== target)
      throw new UsageError(
        `--spec ${flags.spec} is not on the scanned origin ${target}: download it and pass the file`,
      );
    if (flags.server && !flags.server.startsWith("/") && originOf(flags.server) !== target)
      throw new UsageError(`--server must be a path or a URL on the scanned origin ${target}, not ${flags.server}`);
    if (flags.spec) request.spec = flags.spec;
    if (flags.server) request.server = flags.server;
    request.discover = flags.discover;
    if (flags.discoverDeep) request.discoverDeep = true;
  },
});
