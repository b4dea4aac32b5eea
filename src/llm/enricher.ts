/** The LLM layer's TargetEnricher: recognition before any check runs, within its own small budget. */
import type { TargetEnricher } from "../engine/scan.js";
import { llmOptions } from "./options.js";
import { chargeTokens, countLlmRequests } from "./session.js";
import { RECOGNITION_MAX_REQUESTS, recognise } from "./shapes/recognize.js";
import { initLlmState } from "./state.js";

export function llmEnricher(): TargetEnricher {
  return {
    name: "llm-recognition",
    maxRequests: RECOGNITION_MAX_REQUESTS,
    methods: ["POST"],
    async enrich(env) {
      const opts = llmOptions(env.options);
      const state = initLlmState(env.artefacts);
      const found = await recognise(env.http, env.target.url, opts, {
        seed: env.options.seed,
        hasCredentials: env.client.identityHeaderNames().length > 0,
        host: env.target.url.hostname,
      });
      countLlmRequests(env.artefacts, state, "llm-recognition", env.client);
      state.listedModels = found.listedModels;
      state.reason = found.reason;
      state.shape = found.shape;
      state.baseline = found.baseline;
      state.tried = found.tried;
      if (found.baseline)
        chargeTokens(env.artefacts, state, String(found.baseline.exchange.request.body ?? ""), found.baseline.reply);
    },
  };
}
