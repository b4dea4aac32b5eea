/** Builds the HTTP request for a call on a recognised shape and reads the reply back. */
import type { Exchange, RequestSpec } from "../../engine/http.js";
import type { LlmCall, LlmReply, LlmShape } from "../types.js";
import { customDriver } from "./custom.js";
import { DRIVERS } from "./drivers.js";

export function buildRequest(shape: LlmShape, call: LlmCall): RequestSpec & { body: string } {
  const body = shape.kind === "custom-json" ? customDriver.build(call, shape) : DRIVERS[shape.kind].build(call, shape);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream, */*",
  };
  if (shape.kind === "anthropic-messages") headers["anthropic-version"] = "2023-06-01";
  Object.assign(headers, shape.headers);
  return { method: "POST", url: shape.path, headers, body: JSON.stringify(body) };
}

export function parseReply(shape: LlmShape, x: Exchange): LlmReply | undefined {
  return shape.kind === "custom-json" ? customDriver.parse(x, shape) : DRIVERS[shape.kind].parse(x);
}

export { customDriver } from "./custom.js";
export { DEFAULT_MAX_TOKENS, DRIVERS, getPath, transcript } from "./drivers.js";
