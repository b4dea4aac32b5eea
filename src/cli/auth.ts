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
import { z } from "zod";
import { DEFAULT_BURST, MAX_BURST } from "../checks/resource-consumption/resource-rate-limit-burst.js";
import type { IdentityName } from "../engine/http.js";
import { collect, UsageError } from "./io.js";
import { type CliLayer, defineLayer } from "./layers.js";

export { AUTH_KINDS, mergeIdentities, parseAuth } from "../engine/identity.js";

const AuthFlags = z.object({
  auth: z.array(z.string()).optional(),
  auth2: z.array(z.string()).optional(),
  authFile: z.string().optional(),
  /** A size, or false for `--no-burst`. */
  burst: z.union([z.number().int(), z.literal(false)]).optional(),
  ssrfProbe: z.boolean().optional(),
  bflaDeep: z.boolean().optional(),
  header: z.array(z.string()).default([]),
});
type AuthFlags = z.output<typeof AuthFlags>;
const SpecList = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]));
const AuthFile = z.strictObject({ auth: SpecList, auth2: SpecList });

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
  const parsed = AuthFile.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === "unrecognized_keys")
    throw new UsageError(`--auth-file ${fileName}: unknown key ${JSON.stringify(issue.keys[0])} (auth, auth2)`);
  throw new UsageError(`--auth-file ${fileName}: "${String(issue?.path[0])}" takes a spec string or a list of them`);
}

function burstArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BURST)
    throw new UsageError(`--burst takes a whole number from 1 to ${MAX_BURST}`);
  return n;
}

/** Where the specs of each identity come from: flags first, then the file, then the environment. */
export function identitySpecs(
  opts: Pick<AuthFlags, "auth" | "auth2" | "authFile">,
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
  const pick = (flag: string[] | undefined, file: string[], envValue: string | undefined): string[] => {
    if (flag && flag.length > 0) return flag;
    if (file.length > 0) return file;
    return envValue ? [envValue] : [];
  };
  return {
    primary: pick(opts.auth, fromFile.auth, env.RAMPART_AUTH),
    secondary: pick(opts.auth2, fromFile.auth2, env.RAMPART_AUTH2),
  };
}

export function createAuthLayer(env: NodeJS.ProcessEnv = process.env): CliLayer {
  return defineLayer({
    name: "auth",
    flags: AuthFlags,
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
    apply(flags, request) {
      const specs = identitySpecs(flags, env);
      // -H credentials become the primary identity in the engine, so they count as a first identity too.
      if (specs.secondary.length > 0 && specs.primary.length === 0 && flags.header.length === 0)
        throw new UsageError("--auth2 needs --auth (the second identity is compared with the first)");
      request.auth = specs.primary;
      request.auth2 = specs.secondary;
      if (flags.ssrfProbe) request.ssrfProbe = true;
      if (flags.bflaDeep) request.bflaDeep = true;
      request.burst = flags.burst === false ? 0 : (flags.burst ?? DEFAULT_BURST);
    },
  });
}

export const authLayer: CliLayer = createAuthLayer();
