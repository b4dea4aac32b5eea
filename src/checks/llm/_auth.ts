/** What the two auth checks on LLM routes share (helper: the leading underscore keeps it out of the registry). */
import type { CheckContext } from "../../engine/check.js";
import { CREDENTIAL_HEADER } from "../../llm/passive.js";

/** A short benign message: one call proves whether the route answers, for a few tokens. */
export const AUTH_PROBE = "Hi! Please reply with one short sentence.";

/** Credential headers the scan was given (from -H / --auth), lower-cased. */
export function scanCredentialHeaders(ctx: CheckContext): string[] {
  return ctx.identities.headerNames().filter((h) => CREDENTIAL_HEADER.test(h));
}
