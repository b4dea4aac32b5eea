/**
 * The LLM layer of `rampart scan`: recognition before the checks, tier and cost options, the
 * owner's system prompt for exact leak matching, an optional judge, and `--dry-run`.
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import { z } from "zod";
import { llmOptionsOf, parseScanRequest } from "../api/scan.js";
import { selectChecks } from "../checks/select.js";
import { dryRunPayloads } from "../llm/dryrun.js";
import { DEFAULT_COMPLETION_TOKEN_CAP, llmOption, llmOptions } from "../llm/options.js";
import { PROMPT_PLACEHOLDER } from "../llm/shapes/custom.js";
import { TIERS } from "../llm/types.js";
import { UsageError } from "./io.js";
import { type CliLayer, defineLayer, requireTarget } from "./layers.js";

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

const LlmFlags = z.object({
  llm: z.boolean().default(true),
  llmRequest: z.string().optional(),
  llmResponse: z.string().optional(),
  llmModel: z.string().optional(),
  llmMaxTokens: z.union([z.string(), z.number()]).optional(),
  llmTier: z.enum(TIERS).default("quick"),
  systemPrompt: z.string().optional(),
  llmCostProbes: z.literal("aggressive").optional(),
  judgeUrl: z.string().optional(),
  judgeModel: z.string().optional(),
  dryRun: z.boolean().optional(),
});

export function llmLayer(print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): CliLayer {
  return defineLayer({
    name: "llm",
    flags: LlmFlags,
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
    async apply(flags, request) {
      request.llm = flags.llm;
      if (!flags.llm) return;
      request.llmTier = flags.llmTier;
      if (flags.llmCostProbes) request.llmCostProbes = flags.llmCostProbes;
      if (flags.llmRequest !== undefined) request.llmRequest = parseRequestTemplate(flags.llmRequest);
      if (flags.llmResponse !== undefined) request.llmResponse = flags.llmResponse;
      if (flags.llmModel !== undefined) request.llmModel = checkModel(flags.llmModel);
      if (flags.llmMaxTokens !== undefined) request.llmMaxTokens = positiveInt(flags.llmMaxTokens, "--llm-max-tokens");
      if (flags.systemPrompt !== undefined) request.systemPrompt = readSystemPrompt(flags.systemPrompt);
      if (flags.judgeUrl !== undefined) request.judgeUrl = checkUrl(flags.judgeUrl, "--judge-url");
      if (flags.judgeModel !== undefined) request.judgeModel = flags.judgeModel;
      if (!flags.dryRun) return;
      const target = requireTarget(request);
      const parsed = parseScanRequest(request);
      await dryRunPayloads(
        target,
        { ...llmOptions({ layers: llmOption.entry(llmOptionsOf(parsed)) }), dryRun: true, print },
        parsed.seed,
        selectChecks(parsed.only, parsed.skip),
      );
      return "done";
    },
  });
}
