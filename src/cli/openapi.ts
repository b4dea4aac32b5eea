/**
 * `--spec FILE|URL`, `--server URL` and `--no-discover` for `rampart scan`. A spec URL must be on
 * the scanned origin: it is fetched by the scan's own HTTP client, so the scope lock, budget and
 * rate cap hold for it like for any other request (a spec elsewhere can be downloaded and passed
 * as a file). Without `--spec`, the enricher looks for a published spec.
 */
import type { Command } from "commander";
import type { ScanConfig } from "../engine/scan.js";
import { isUrl, openapiEnricher } from "../openapi/enricher.js";
import { type CliLayer, UsageError } from "./layers.js";

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export const openapiLayer: CliLayer = {
  name: "openapi",
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
  apply(opts: Record<string, unknown>, config: ScanConfig) {
    const spec = typeof opts.spec === "string" ? opts.spec : undefined;
    const server = typeof opts.server === "string" ? opts.server : undefined;
    const target = originOf(config.url);
    if (spec && isUrl(spec) && target && originOf(spec) !== target)
      throw new UsageError(`--spec ${spec} is not on the scanned origin ${target}: download it and pass the file`);
    if (server && !server.startsWith("/") && originOf(server) !== target)
      throw new UsageError(`--server must be a path or a URL on the scanned origin ${target}, not ${server}`);
    if (!spec && opts.discover === false) return;
    config.enrichers = [
      ...(config.enrichers ?? []),
      openapiEnricher({ spec, server, discover: opts.discover !== false, discoverDeep: opts.discoverDeep === true }),
    ];
  },
};
