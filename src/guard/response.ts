/**
 * Output filtering applied to an upstream OpenAI-compatible response, whole or streamed. The SSE
 * stream is rewritten event by event: each choice's delta goes through its own StreamFilter, and
 * an answer that turns out to leak protected content ends with finish_reason "content_filter".
 */
import { type OutputPolicy, type StreamFilter, WITHHELD_MESSAGE } from "./output.js";

export interface FilterReport {
  redactions: Record<string, number>;
  blocked?: "protected" | "canary";
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

type Json = Record<string, unknown>;

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Filters a parsed chat or text completion in place. */
export function filterCompletion(output: OutputPolicy, body: Json, report: FilterReport): Json {
  // Together's `echo` returns the whole prompt, system prompt included: never pass it on.
  delete body.prompt;
  const choices = Array.isArray(body.choices) ? (body.choices as Json[]) : [];
  for (const choice of choices) {
    const message = choice.message as Json | undefined;
    const slot: [Json, string] | undefined =
      message && typeof message.content === "string"
        ? [message, "content"]
        : typeof choice.text === "string"
          ? [choice, "text"]
          : undefined;
    if (slot) {
      const r = output.filter(String(slot[0][slot[1]]));
      slot[0][slot[1]] = r.text;
      addCounts(report.redactions, r.redactions);
      if (r.blocked) {
        report.blocked = r.blocked;
        choice.finish_reason = "content_filter";
      }
    }
    if (message && Array.isArray(message.tool_calls))
      for (const call of message.tool_calls as Json[]) {
        const fn = call.function as Json | undefined;
        if (fn && typeof fn.arguments === "string") {
          const r = output.filter(fn.arguments);
          fn.arguments = r.blocked ? "{}" : r.text;
          addCounts(report.redactions, r.redactions);
          if (r.blocked) report.blocked = r.blocked;
        }
      }
    if (choice.logprobs) choice.logprobs = null;
  }
  if (body.usage && typeof body.usage === "object") report.usage = body.usage as FilterReport["usage"];
  return body;
}

/** The text slot of a streamed choice: chat `delta.content` or completions `text`. */
function deltaSlot(choice: Json): [Json, string] | undefined {
  const delta = choice.delta as Json | undefined;
  if (delta && typeof delta.content === "string") return [delta, "content"];
  if (typeof choice.text === "string") return [choice, "text"];
  if (delta && choice.finish_reason) return [delta, "content"];
  return undefined;
}

/**
 * A TransformStream over the SSE bytes. `onEnd` gets the report once the stream is over
 * (normally, withheld or cut by the client).
 */
export function filterEventStream(
  output: OutputPolicy,
  onEnd: (report: FilterReport) => void,
): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const filters = new Map<number, StreamFilter>();
  const report: FilterReport = { redactions: {} };
  let buffer = "";
  let finished = false;
  let template: Json | undefined;
  const filterOf = (i: number) => {
    let f = filters.get(i);
    if (!f) {
      f = output.stream();
      filters.set(i, f);
    }
    return f;
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    for (const f of filters.values()) addCounts(report.redactions, f.redactions);
    onEnd(report);
  };
  const send = (controller: TransformStreamDefaultController<Uint8Array>, data: string) =>
    controller.enqueue(encoder.encode(`data: ${data}\n\n`));

  /** Held text of every open choice, as one chunk per choice, before [DONE] or the stream's end. */
  const flushAll = (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (const [index, f] of filters) {
      const rest = f.end();
      if (f.blocked) report.blocked = f.blocked;
      if (rest && template)
        send(
          controller,
          JSON.stringify({ ...template, choices: [{ index, delta: { content: rest }, finish_reason: null }] }),
        );
    }
  };

  const withhold = (controller: TransformStreamDefaultController<Uint8Array>, index: number) => {
    send(
      controller,
      JSON.stringify({
        ...template,
        choices: [{ index, delta: { content: `\n${WITHHELD_MESSAGE}` }, finish_reason: "content_filter" }],
      }),
    );
    send(controller, "[DONE]");
  };

  const handleEvent = (raw: string, controller: TransformStreamDefaultController<Uint8Array>): boolean => {
    const data = raw
      .split(/\r?\n/)
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""))
      .join("\n");
    if (!data) {
      // Comments and named events without data pass through untouched.
      if (raw.trim()) controller.enqueue(encoder.encode(`${raw}\n\n`));
      return true;
    }
    if (data.trim() === "[DONE]") {
      flushAll(controller);
      if (report.blocked) {
        withhold(controller, [...filters].find(([, f]) => f.blocked)?.[0] ?? 0);
        return false;
      }
      send(controller, "[DONE]");
      return true;
    }
    let event: Json;
    try {
      event = JSON.parse(data) as Json;
    } catch {
      send(controller, data);
      return true;
    }
    const { choices, ...rest } = event;
    template = { ...rest };
    delete template.usage;
    if (event.usage && typeof event.usage === "object") report.usage = event.usage as FilterReport["usage"];
    for (const choice of Array.isArray(choices) ? (choices as Json[]) : []) {
      const index = Number(choice.index ?? 0);
      const slot = deltaSlot(choice);
      if (!slot) continue;
      const f = filterOf(index);
      let text = f.push(String(slot[0][slot[1]] ?? ""));
      if (choice.finish_reason) text += f.end();
      if (f.blocked) {
        report.blocked = f.blocked;
        withhold(controller, index);
        return false;
      }
      slot[0][slot[1]] = text;
      if (choice.logprobs) choice.logprobs = null;
    }
    send(controller, JSON.stringify(event));
    return true;
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (finished) return;
      buffer += decoder.decode(chunk, { stream: true });
      let at = buffer.search(/\r?\n\r?\n/);
      while (at >= 0) {
        const raw = buffer.slice(0, at);
        buffer = buffer.slice(at).replace(/^\r?\n\r?\n/, "");
        if (!handleEvent(raw, controller)) {
          finish();
          controller.terminate();
          return;
        }
        at = buffer.search(/\r?\n\r?\n/);
      }
    },
    flush(controller) {
      if (finished) return;
      if (buffer.trim()) handleEvent(buffer, controller);
      if (!finished) {
        flushAll(controller);
        if (report.blocked) withhold(controller, 0);
      }
      finish();
    },
  });
}

/** Most bytes of a whole (not streamed) upstream answer: a larger or endless one is cut off with 502. */
export const MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024;

export class UpstreamTooLarge extends Error {
  override name = "UpstreamTooLarge";
}

async function boundedText(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new UpstreamTooLarge(`the upstream answer is larger than ${max} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** The upstream response with its answer filtered; streams are filtered as they flow. */
export async function filterResponse(
  output: OutputPolicy,
  upstream: Response,
  onEnd: (report: FilterReport) => void,
): Promise<Response> {
  const type = upstream.headers.get("content-type") ?? "";
  const headers = new Headers(upstream.headers);
  for (const h of ["content-length", "content-encoding", "transfer-encoding", "connection"]) headers.delete(h);
  if (type.includes("text/event-stream") && upstream.body) {
    return new Response(upstream.body.pipeThrough(filterEventStream(output, onEnd)), {
      status: upstream.status,
      headers,
    });
  }
  const text = await boundedText(upstream, MAX_UPSTREAM_BODY_BYTES);
  const report: FilterReport = { redactions: {} };
  if (upstream.ok && type.includes("json")) {
    try {
      const body = filterCompletion(output, JSON.parse(text) as Json, report);
      onEnd(report);
      return new Response(JSON.stringify(body), { status: upstream.status, headers });
    } catch {
      // Not JSON after all: filtered as plain text below.
    }
  }
  // Error bodies and other text are still masked: upstream errors sometimes echo keys.
  const r = output.filter(text);
  onEnd({ ...report, redactions: r.redactions, blocked: r.blocked });
  return new Response(r.blocked ? WITHHELD_MESSAGE : r.text, { status: upstream.status, headers });
}
