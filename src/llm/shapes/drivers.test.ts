/** Reading replies in every wire format, streams included, from the capped body. */
import { describe, expect, it } from "vitest";
import type { Exchange } from "../../engine/http.js";
import { customDriver } from "./custom.js";
import { DRIVERS, transcript } from "./drivers.js";

function exchange(body: string, headers: Record<string, string> = { "content-type": "application/json" }): Exchange {
  return {
    seq: 1,
    checkId: "t",
    request: { method: "POST", url: "http://127.0.0.1/x", headers: {} },
    status: 200,
    headers,
    setCookies: [],
    body: Buffer.from(body),
    truncated: false,
    ms: 1,
    wireBytes: body.length,
    redirects: [],
    identity: "primary",
  };
}

describe("drivers", () => {
  it("OpenAI SSE chunks ending in [DONE]", () => {
    const body = [
      `data: {"model":"m1","choices":[{"delta":{"role":"assistant","content":"Hel"}}]}`,
      `data: {"model":"m1","choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}`,
      "data: [DONE]",
      "",
    ].join("\n\n");
    const r = DRIVERS["openai-chat"].parse(exchange(body, { "content-type": "text/event-stream" }))!;
    expect(r).toMatchObject({
      text: "Hello",
      model: "m1",
      streamed: true,
      finishReason: "stop",
      usage: { completionTokens: 2 },
    });
  });

  it("Anthropic SSE", () => {
    const body = [
      `event: message_start\ndata: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":5}}}`,
      `event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}`,
      `event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":1}}`,
    ].join("\n\n");
    expect(DRIVERS["anthropic-messages"].parse(exchange(body, { "content-type": "text/event-stream" }))).toMatchObject({
      text: "Hi",
      model: "claude-x",
      usage: { promptTokens: 5, completionTokens: 1 },
    });
  });

  it("Ollama NDJSON stream", () => {
    const body = `{"model":"llama3","message":{"content":"Hi "},"done":false}\n{"model":"llama3","message":{"content":"there"},"done":true,"eval_count":2}\n`;
    expect(DRIVERS["ollama-chat"].parse(exchange(body, { "content-type": "application/x-ndjson" }))).toMatchObject({
      text: "Hi there",
      model: "llama3",
    });
  });

  it("Vercel AI SDK v4 and v5 streams", () => {
    const v4 = `f:{"messageId":"m"}\n0:"Hel"\n0:"lo"\nd:{"finishReason":"stop","usage":{"promptTokens":1,"completionTokens":2}}\n`;
    expect(DRIVERS["vercel-ai-v4"].parse(exchange(v4, { "x-vercel-ai-data-stream": "v1" }))?.text).toBe("Hello");
    const v5 = `data: {"type":"start"}\n\ndata: {"type":"text-delta","id":"t","delta":"Hel"}\n\ndata: {"type":"text-delta","id":"t","delta":"lo"}\n\ndata: [DONE]\n\n`;
    expect(
      DRIVERS["vercel-ai-v5"].parse(
        exchange(v5, { "x-vercel-ai-ui-message-stream": "v1", "content-type": "text/event-stream" }),
      )?.text,
    ).toBe("Hello");
  });

  it("TGI, LangServe and home-made JSON", () => {
    expect(DRIVERS["tgi-generate"].parse(exchange(`[{"generated_text":"ok"}]`))?.text).toBe("ok");
    expect(DRIVERS["langserve-invoke"].parse(exchange(`{"output":{"content":"ok"},"metadata":{}}`))?.text).toBe("ok");
    expect(customDriver.parse(exchange(`{"data":{"answer":"ok"},"session_id":"s1"}`))).toMatchObject({
      text: "ok",
      sessionId: "s1",
    });
    expect(
      customDriver.parse(
        exchange(`data: {"delta":"o"}\n\ndata: {"delta":"k"}\n\ndata: [DONE]\n\n`, {
          "content-type": "text/event-stream",
        }),
      )?.text,
    ).toBe("ok");
  });

  it("renders several turns as a transcript for single-field shapes", () => {
    expect(
      transcript([
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
        { role: "user", content: "c" },
      ]),
    ).toBe("User: a\n\nAssistant: b\n\nUser: c");
  });
});
