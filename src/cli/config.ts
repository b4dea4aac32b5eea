/**
 * `.rampart.yaml` (or `--config FILE`): the scan's defaults kept in the repository. It runs as
 * the first CLI layer and fills options as if they had been given on the command line, so the
 * layers after it (auth, OpenAPI) read them like flags; flags always win. After the scan it
 * applies the policy: severity overrides, and suppressions that carry a reason and an expiry
 * date (expired ones warn and count again). Suppressed findings leave `findings` for
 * `extensions.suppressions`, and the score is recomputed from what remains.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CHECKS } from "../checks/index.js";
import { CATEGORIES, type Finding, type ScanReport, Severity, SubRuleId, severityRank } from "../engine/finding.js";
import { scoreReport } from "../engine/score.js";
import { type SuppressedFinding, suppressionsExtension } from "../report/extensions.js";
import { UsageError } from "./io.js";
import type { CliLayer, ScanRequestDraft } from "./layers.js";

export const DEFAULT_CONFIG_FILE = ".rampart.yaml";

const Switch = z.union([z.boolean(), z.enum(["on", "off"])]).transform((v) => v === true || v === "on");
const IsoDay = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-12-31"));
const Specs = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

const Suppression = z
  .strictObject({
    fingerprint: z.string().optional(),
    rule: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a rule id like data-exposure-exposed-paths (a sub-rule goes in subRule)")
      .optional(),
    /** One sub-rule of `rule` (an exposure group, an LLM probe family): only its findings match. */
    subRule: SubRuleId.optional(),
    method: z.string().optional(),
    path: z.string().optional(),
    reason: z.string().trim().min(3, "say why the finding is accepted"),
    expires: IsoDay,
  })
  .refine((s) => s.subRule === undefined || s.rule, "subRule names a sub-rule of a rule: give the rule too")
  .refine((s) => s.fingerprint || s.rule, "name a fingerprint or a rule");
export type Suppression = z.infer<typeof Suppression>;

export const ConfigFile = z.strictObject({
  target: z.string().optional(),
  spec: z.string().optional(),
  /** Credential specs as `--auth` takes them; `${VAR}` is replaced from the environment. */
  auth: Specs.optional(),
  auth2: Specs.optional(),
  /** Check ids or categories: `off` leaves them out, `on` enables an opt-in check. */
  checks: z.record(z.string(), Switch).optional(),
  /** Severity per rule id. */
  severity: z.record(z.string(), Severity).optional(),
  suppressions: z.array(Suppression).optional(),
  /** The opt-in active tier, as `--active`. */
  active: Switch.optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Scan options the file sets by their flag name (`budget: 500`, `fail-on: medium`, `format: [json, sarif]`). */
export type ConfigOptions = Record<string, unknown>;

/** `formats:` reads better in a file than `format:`. */
const OPTION_ALIASES: Record<string, string> = { formats: "format" };

/**
 * Parses the file. `optionNames` are the scan's flag names: those keys are scan options and are
 * returned apart (checked against the flags later); any other unknown key is an error.
 */
export function parseConfig(text: string, file: string, optionNames: ReadonlySet<string> = new Set()): ConfigFile {
  return parseConfigWithOptions(text, file, optionNames).config;
}

export function parseConfigWithOptions(
  text: string,
  file: string,
  optionNames: ReadonlySet<string>,
): { config: ConfigFile; options: ConfigOptions } {
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  const options: ConfigOptions = {};
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const name = OPTION_ALIASES[key] ?? key;
      if (!(key in ConfigFile.shape) && optionNames.has(name)) options[name] = value;
      else rest[key] = value;
    }
    data = rest;
  }
  return { config: checkedConfig(data, file), options };
}

function checkedConfig(data: unknown, file: string): ConfigFile {
  const parsed = ConfigFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Replaces `${NAME}` with the environment variable; a missing one is named (never its value). */
export function expandEnv(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined || v === "") throw new UsageError(`${where}: environment variable ${name} is not set`);
    return v;
  });
}

function checkSwitches(config: ConfigFile, file: string): { off: Set<string>; optIns: Set<string> } {
  const known = new Set<string>([...CHECKS.map((c) => c.meta.id), ...CATEGORIES]);
  const off = new Set<string>();
  const optIns = new Set<string>();
  for (const [name, on] of Object.entries(config.checks ?? {})) {
    if (!known.has(name)) throw new UsageError(`${file}: checks: unknown check or category ${JSON.stringify(name)}`);
    if (!on) off.add(name);
    else
      for (const c of CHECKS)
        if ((c.meta.id === name || c.meta.category === name) && c.meta.optIn) optIns.add(c.meta.optIn);
  }
  return { off, optIns };
}

/** `ssrf-probe` -> `ssrfProbe`: where commander keeps the flag of an opt-in. */
function flagAttribute(optIn: string): string {
  return optIn.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Fills the options and the scan request from the file; command-line values are left alone. */
export function applyConfig(
  config: ConfigFile,
  file: string,
  opts: Record<string, unknown>,
  request: ScanRequestDraft,
  env: NodeJS.ProcessEnv,
): void {
  if (!request.target && config.target) request.target = expandEnv(config.target, env, `${file}: target`);
  for (const key of ["auth", "auth2"] as const) {
    const given = opts[key];
    const fromFile = config[key];
    if (fromFile && !(Array.isArray(given) && given.length > 0))
      opts[key] = fromFile.map((spec) => expandEnv(spec, env, `${file}: ${key}`));
  }
  if (config.spec && opts.spec === undefined) opts.spec = config.spec;
  if (config.active && opts.active === undefined) opts.active = true;
  const { off, optIns } = checkSwitches(config, file);
  request.skip = [...(request.skip ?? []), ...off];
  // An opt-in check switched on in the file turns on its flag, as `--ssrf-probe` would.
  for (const optIn of optIns) opts[flagAttribute(optIn)] ??= true;
}

export interface PolicyResult {
  report: ScanReport;
  warnings: string[];
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.fingerprint) return s.fingerprint === f.fingerprint;
  return (
    s.rule === f.ruleId &&
    (s.subRule === undefined || s.subRule === f.subRule) &&
    (s.method === undefined || s.method.toUpperCase() === f.operation.method.toUpperCase()) &&
    (s.path === undefined || s.path === f.operation.path)
  );
}

function describe(s: Suppression): string {
  return s.fingerprint
    ? `fingerprint ${s.fingerprint}`
    : `rule ${s.rule}${s.subRule ? `/${s.subRule}` : ""}${s.path ? ` on ${s.method ?? ""} ${s.path}`.replace("  ", " ") : ""}`;
}

/** Severity overrides and suppressions applied to a report; `today` is a YYYY-MM-DD day (UTC). */
export function applyPolicy(report: ScanReport, config: ConfigFile, today: string): PolicyResult {
  const warnings: string[] = [];
  const active: Suppression[] = [];
  for (const s of config.suppressions ?? []) {
    if (s.expires < today)
      warnings.push(`suppression of ${describe(s)} expired on ${s.expires} ("${s.reason}"): its findings count again`);
    else active.push(s);
  }
  const overridden = report.findings.map((f) => {
    const severity = config.severity?.[f.ruleId];
    return severity && severity !== f.severity ? { ...f, severity } : f;
  });
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of overridden) {
    const s = active.find((candidate) => matches(candidate, f));
    if (s) suppressed.push({ finding: f, reason: s.reason, expires: s.expires });
    else kept.push(f);
  }
  const changed = suppressed.length > 0 || overridden.some((f, i) => f !== report.findings[i]);
  if (!changed) return { report, warnings };
  // Array.prototype.sort is stable: findings of one severity keep the engine's order.
  const findings = kept.slice().sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const tested = new Set(CATEGORIES.filter((c) => report.categories[c]?.tested));
  const scored = scoreReport(findings, tested);
  const { gradeCap: _oldCap, ...rest } = report;
  const rescored: ScanReport = {
    ...rest,
    score: scored.score,
    grade: scored.grade,
    ...(scored.gradeCap ? { gradeCap: scored.gradeCap } : {}),
    categories: scored.categories,
    findings,
  };
  return {
    report: suppressed.length > 0 ? suppressionsExtension.withValue(rescored, suppressed) : rescored,
    warnings,
  };
}

function configFileOf(opts: Record<string, unknown>): string | undefined {
  if (typeof opts.config === "string") {
    if (!existsSync(opts.config)) throw new UsageError(`--config ${opts.config}: no such file`);
    return opts.config;
  }
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined;
}

function optionsByName(cmd: Command): Map<string, Option> {
  const byName = new Map<string, Option>();
  for (const option of cmd.options) if (option.long) byName.set(option.long.replace(/^--/, ""), option);
  return byName;
}

/** One config value as the flag would have parsed it; bad values are usage errors naming the key. */
function optionValue(option: Option, raw: unknown, where: string, previous: unknown): unknown {
  if (!option.required && !option.optional) {
    if (typeof raw !== "boolean") throw new UsageError(`${where}: takes true or false`);
    return option.negate ? !raw : raw;
  }
  const parse = (value: string, prev: unknown): unknown => {
    if (option.argChoices && !option.argChoices.includes(value))
      throw new UsageError(`${where}: takes one of ${option.argChoices.join(", ")}, not ${JSON.stringify(value)}`);
    try {
      return option.parseArg ? option.parseArg(value, prev) : value;
    } catch (err) {
      throw new UsageError(`${where}: ${(err as Error).message}`);
    }
  };
  const scalar = (v: unknown): string => {
    if (typeof v === "string" || typeof v === "number") return String(v);
    throw new UsageError(`${where}: takes a value like the flag --${option.long?.slice(2)} does`);
  };
  if (!Array.isArray(raw)) return parse(scalar(raw), previous);
  // A list: repeatable flags take each item, comma-list flags take them joined.
  if (Array.isArray(option.defaultValue)) return raw.reduce((prev: unknown, v) => parse(scalar(v), prev), previous);
  return parse(raw.map(scalar).join(","), previous);
}

/** Sets every option the file names, unless the command line gave it: flags always win. */
export function applyConfigOptions(cmd: Command, options: ConfigOptions, file: string): void {
  const byName = optionsByName(cmd);
  for (const [name, raw] of Object.entries(options)) {
    const option = byName.get(name)!;
    const key = option.attributeName();
    const source = cmd.getOptionValueSource(key);
    if (source === "cli" || source === "env") continue;
    const previous = Array.isArray(option.defaultValue) ? [] : undefined;
    cmd.setOptionValueWithSource(key, optionValue(option, raw, `${file}: ${name}`, previous), "config");
  }
}

/**
 * The one layer written against all the options rather than flags of its own: it sets other
 * layers' options as if they had been given, and keeps the file it read for `finish`.
 */
export function createConfigLayer(env: NodeJS.ProcessEnv = process.env, today = () => new Date()): CliLayer {
  const loaded = new WeakMap<object, ConfigFile>();
  return {
    name: "config",
    register(cmd) {
      cmd.option("--config <file>", `scan settings and policy (default ${DEFAULT_CONFIG_FILE} when present)`);
    },
    configure(cmd) {
      const file = configFileOf(cmd.opts());
      if (!file) return;
      const { config, options } = parseConfigWithOptions(
        readFileSync(file, "utf8"),
        file,
        new Set(optionsByName(cmd).keys()),
      );
      applyConfigOptions(cmd, options, file);
      loaded.set(cmd.opts(), config);
    },
    apply(opts, request) {
      const file = configFileOf(opts);
      if (!file) return;
      const config = loaded.get(opts) ?? parseConfig(readFileSync(file, "utf8"), file);
      applyConfig(config, file, opts, request, env);
      loaded.set(opts, config);
    },
    finish(report, opts, warn) {
      const config = loaded.get(opts);
      if (!config) return report;
      const result = applyPolicy(report, config, today().toISOString().slice(0, 10));
      for (const w of result.warnings) warn(w);
      return result.report;
    },
  };
}

export const configLayer: CliLayer = createConfigLayer();
