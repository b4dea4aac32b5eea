/**
 * The LLM layer of `rampart scan`: recognition before the checks, tier and cost options, the
 * owner's system prompt for exact leak matching, an optional judge, and `--dry-run`.
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import { dryRunPayloads } from "../llm/dryrun.js";
import { llmEnricher } from "../llm/enricher.js";
import { DEFAULT_COMPLETION_TOKEN_CAP, type LlmOptions, llmOptions } from "../llm/options.js";
import { PROMPT_PLACEHOLDER } from "../llm/shapes/custom.js";
import { TIERS, type Tier } from "../llm/types.js";
import { type CliLayer, UsageError } from "./layers.js";

function parseRequestTemplate(value: string): unknown {
  let parsed: unknown;
  try {
    // `@file` reads the template from a file, like curl's --data.
    parsed = JSON.parse(value.startsWith("@") ? readFileSync(value.slice(1), "utf8") : value);
  } catch {
    throw new UsageError(`--llm-request takes a JSON body (or @file) such as '{"question": "${PROMPT_PLACEHOLDER}"}'`);
  }
  if (!JSON.stringify(parsed).includes(PROMPT_PLACEHOLDER))
    throw new UsageError(`--llm-request must contain "${PROMPT_PLACEHOLDER}" where the prompt goes`);
  return parsed;
}

function readSystemPrompt(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--system-prompt: cannot read ${file}: ${(err as Error).message}`);
  }
}

function checkModel(value: string): string {
  if (/^[\w./:@-]{1,200}$/.test(value)) return value;
  throw new UsageError("--llm-model takes a model id such as 'meta-llama/Llama-3.3-70B-Instruct-Turbo'");
}

function positiveInt(value: unknown, flag: string): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 10_000_000) return n;
  throw new UsageError(`${flag} takes a whole number of tokens between 1 and 10000000`);
}

function checkUrl(value: string, flag: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === "http:" || u.protocol === "https:") return value;
  } catch {}
  throw new UsageError(`${flag} takes an http(s) URL`);
}

export function llmLayer(print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): CliLayer {
  return {
    name: "llm",
    register(cmd) {
      cmd
        .option(
          "--llm-request <json>",
          `LLM request body with "${PROMPT_PLACEHOLDER}" where the prompt goes (skips field discovery)`,
        )
        .option("--llm-response <path>", "where the LLM reply is in the response, e.g. '$.answer'")
        .option("--llm-model <id>", "model id to send when the endpoint needs one and lists none")
        .option(
          "--llm-max-tokens <n>",
          `completion tokens the whole LLM suite may make the target generate (default ${DEFAULT_COMPLETION_TOKEN_CAP})`,
        )
        .addOption(
          new Option("--llm-tier <tier>", "LLM probe tier (quick: at most 40 requests)")
            .choices([...TIERS])
            .default("quick"),
        )
        .option("--system-prompt <file>", "the endpoint's real system prompt, for exact leak matching")
        .addOption(
          new Option("--llm-cost-probes <mode>", "let cost probes ask for large outputs").choices(["aggressive"]),
        )
        .option(
          "--judge-url <url>",
          "OpenAI-compatible chat completions URL of an optional judge model (off by default)",
        )
        .option("--judge-model <name>", "model name to send to the judge")
        .option("--dry-run", "print every LLM payload without sending anything")
        .option("--no-llm", "do not recognise or probe LLM endpoints");
    },
    async apply(opts, config) {
      if (opts.llm === false) return;
      const layer: Partial<LlmOptions> = {
        tier: (opts.llmTier as Tier | undefined) ?? "quick",
        costProbes: opts.llmCostProbes === "aggressive" ? "aggressive" : "safe",
        ...(opts.llmRequest !== undefined ? { request: parseRequestTemplate(String(opts.llmRequest)) } : {}),
        ...(opts.llmResponse !== undefined ? { response: String(opts.llmResponse) } : {}),
        ...(opts.llmModel !== undefined ? { model: checkModel(String(opts.llmModel)) } : {}),
        ...(opts.llmMaxTokens !== undefined
          ? { maxCompletionTokens: positiveInt(opts.llmMaxTokens, "--llm-max-tokens") }
          : {}),
        ...(opts.systemPrompt !== undefined ? { systemPrompt: readSystemPrompt(String(opts.systemPrompt)) } : {}),
        ...(opts.judgeUrl !== undefined ? { judgeUrl: checkUrl(String(opts.judgeUrl), "--judge-url") } : {}),
        ...(opts.judgeModel !== undefined ? { judgeModel: String(opts.judgeModel) } : {}),
      };
      if (opts.dryRun) {
        await dryRunPayloads(
          config.url,
          { ...llmOptions({ layers: { llm: layer } }), dryRun: true, print },
          config.seed ?? 1,
          config.checks,
        );
        return "done";
      }
      config.layers = { ...config.layers, llm: layer };
      config.enrichers = [...(config.enrichers ?? []), llmEnricher()];
    },
  };
}
