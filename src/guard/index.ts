/**
 * rampart/guard: the hardening the scanner recommends, as a library and an OpenAI-compatible
 * proxy. Imports only src/detect and libraries (no CLI, report, engine or browser code).
 */

export { GUARD_FIXES, type GuardFix, guardAdvice, guardFixesFor } from "../detect/guard-fixes.js";
export {
  GuardConfigError,
  type GuardPolicy,
  type GuardPolicyInput,
  GuardPolicySchema,
  loadPolicyFile,
  parsePolicy,
} from "./config.js";
export { CircuitBreaker, CircuitOpenError, parseDurationMs, retryingFetch, serverWaitMs } from "./fetch.js";
export { type CompleteRequest, createGuard, type Guard, type GuardEvent, type GuardOptions } from "./guard.js";
export type { AcceptedInput, InputDecision, Route } from "./input.js";
export { CallerKeys, keyId, upstreamKey } from "./keys.js";
export type { Refusal, RefusalType } from "./openai.js";
export { type OutputResult, StreamFilter, WITHHELD_MESSAGE } from "./output.js";
export { type GuardProxy, type ProxyOptions, startGuardProxy, upstreamBase } from "./proxy.js";
export { createGuardFetch, type GuardFetchOptions } from "./sdk.js";
