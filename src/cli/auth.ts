/**
 * Authenticated scans: `--auth` / `--auth2` (or RAMPART_AUTH / RAMPART_AUTH2, or `--auth-file`)
 * become the primary and secondary identities of the scan. The HTTP client applies them only to
 * the target origin and the engine redacts every value from the report. Error messages name the
 * kind of credential, never its value.
 *
 * The layer also carries the options of the checks that come with authorization testing:
 * `--burst N` / `--no-burst` (rate-limit burst), `--ssrf-probe` and `--bfla-deep`.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { Option } from "commander";
import { parse as parseYaml } from "yaml";
import type { IdentityName } from "../engine/http.js";
import { mergeIdentities, parseAuth } from "../engine/identity.js";
import type { ScanConfig } from "../engine/scan.js";
import { type CliLayer, UsageError } from "./layers.js";

export { AUTH_KINDS, mergeIdentities, parseAuth } from "../engine/identity.js";

/** Largest `--burst`; the burst check's maxRequests is sized for it. */
export const MAX_BURST = 100;
export const DEFAULT_BURST = 30;

/** Options the layer hands to checks under `options.layers.auth`. */
export interface AuthLayerOptions {
  /** Requests of the rate-limit burst; 0 = skip the burst. */
  burst: number;
}

/** `--auth-file`: YAML or JSON with `auth` and optional `auth2`, each a spec string or a list of them. */
export function parseAuthFile(text: string, fileName: string): { auth: string[]; auth2: string[] } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new UsageError(`--auth-file ${fileName}: not valid YAML or JSON`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data))
    throw new UsageError(`--auth-file ${fileName}: expected a mapping with "auth" and optional "auth2"`);
  const record = data as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => k !== "auth" && k !== "auth2");
  if (unknownKeys.length > 0)
    throw new UsageError(`--auth-file ${fileName}: unknown key ${JSON.stringify(unknownKeys[0])} (auth, auth2)`);
  const list = (key: string): string[] => {
    const v = record[key];
    if (v === undefined || v === null) return [];
    const items = Array.isArray(v) ? v : [v];
    if (!items.every((i) => typeof i === "string"))
      throw new UsageError(`--auth-file ${fileName}: "${key}" takes a spec string or a list of them`);
    return items as string[];
  };
  return { auth: list("auth"), auth2: list("auth2") };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function burstArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BURST)
    throw new UsageError(`--burst takes a whole number from 1 to ${MAX_BURST}`);
  return n;
}

/** Where the specs of each identity come from: flags first, then the file, then the environment. */
export function identitySpecs(
  opts: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  readFile: (file: string) => string = (f) => readFileSync(f, "utf8"),
): Record<Exclude<IdentityName, "anonymous">, string[]> {
  let fromFile = { auth: [] as string[], auth2: [] as string[] };
  if (typeof opts.authFile === "string") {
    let text: string;
    try {
      text = readFile(opts.authFile);
    } catch {
      throw new UsageError(`--auth-file ${opts.authFile}: cannot read the file`);
    }
    fromFile = parseAuthFile(text, opts.authFile);
  }
  const pick = (flag: unknown, file: string[], envValue: string | undefined): string[] => {
    if (Array.isArray(flag) && flag.length > 0) return flag as string[];
    if (file.length > 0) return file;
    return envValue ? [envValue] : [];
  };
  return {
    primary: pick(opts.auth, fromFile.auth, env.RAMPART_AUTH),
    secondary: pick(opts.auth2, fromFile.auth2, env.RAMPART_AUTH2),
  };
}

export function createAuthLayer(env: NodeJS.ProcessEnv = process.env): CliLayer {
  return {
    name: "auth",
    register(cmd: Command) {
      cmd
        .option(
          "--auth <spec>",
          "credentials: bearer:TOKEN | basic:USER:PASS | header:NAME:VALUE | query:NAME:VALUE | cookie:NAME=VALUE (repeatable; env RAMPART_AUTH)",
          collect,
        )
        .option("--auth2 <spec>", "a second identity for cross-user checks, same forms (env RAMPART_AUTH2)", collect)
        .option("--auth-file <file>", "YAML/JSON file with `auth:` and `auth2:` specs")
        .addOption(
          new Option("--burst <n>", `rate-limit burst size (default ${DEFAULT_BURST}, at most ${MAX_BURST})`).argParser(
            burstArg,
          ),
        )
        .option("--no-burst", "skip the rate-limit burst")
        .option("--ssrf-probe", "actively probe URL parameters for SSRF (points them at a closed loopback port)")
        .option("--bfla-deep", "request the full list of role-gated paths instead of the short default list");
    },
    apply(opts, config: ScanConfig) {
      const specs = identitySpecs(opts, env);
      const primary = mergeIdentities(specs.primary.map(parseAuth));
      const secondary = mergeIdentities(specs.secondary.map(parseAuth));
      // -H credentials become the primary identity in the engine, so they count as a first identity too.
      const hasFirst = primary || config.identities?.primary || (Array.isArray(opts.header) && opts.header.length > 0);
      if (secondary && !hasFirst)
        throw new UsageError("--auth2 needs --auth (the second identity is compared with the first)");
      config.identities = {
        ...config.identities,
        ...(primary ? { primary } : {}),
        ...(secondary ? { secondary } : {}),
      };
      const enabled = new Set(config.enabled ?? []);
      if (opts.ssrfProbe) enabled.add("ssrf-probe");
      if (opts.bflaDeep) enabled.add("bfla-deep");
      config.enabled = enabled;
      const burst = opts.burst === false ? 0 : typeof opts.burst === "number" ? opts.burst : DEFAULT_BURST;
      const layerOptions: AuthLayerOptions = { burst };
      config.layers = { ...config.layers, auth: layerOptions };
    },
  };
}

export const authLayer: CliLayer = createAuthLayer();
