/** The LLM layer's TargetEnricher: recognition before any check runs, within its own small budget. */
import type { TargetEnricher } from "../engine/scan.js";
import type { Operation, Target } from "../engine/target.js";
import { llmOptions } from "./options.js";
import { chargeTokens, countLlmRequests } from "./session.js";
import { RECOGNITION_MAX_REQUESTS, recognise, recogniseSpecOperation, specCandidates } from "./shapes/recognize.js";
import { initLlmState } from "./state.js";

/** Spec operations recognition tries after the scanned URL (each costs a few requests). */
const MAX_SPEC_CANDIDATES = 2;

function specOperations(target: Target): Operation[] {
  return target.operations.filter((o) => o.source === "spec");
}

export function llmEnricher(): TargetEnricher {
  return {
    name: "llm-recognition",
    maxRequests: RECOGNITION_MAX_REQUESTS,
    methods: ["POST"],
    async enrich(env) {
      const opts = llmOptions(env.options);
      const state = initLlmState(env.artefacts);
      const rc = {
        seed: env.options.seed,
        hasCredentials: env.client.identityHeaderNames().length > 0,
        host: env.target.url.hostname,
      };
      let found = await recognise(env.http, env.target.url, opts, rc);
      // With --spec, operations whose body has a messages/prompt-like field are candidates too.
      const fromSpec = found.shape || opts.request !== undefined ? [] : specCandidates(specOperations(env.target));
      for (const c of fromSpec.slice(0, MAX_SPEC_CANDIDATES)) {
        const next = await recogniseSpecOperation(env.http, c, opts, rc);
        const tried = [...found.tried, ...next.tried];
        found = next.shape ? { ...next, tried } : { ...found, tried };
        if (found.shape) break;
      }
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
