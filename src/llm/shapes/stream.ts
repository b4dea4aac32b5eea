/**
 * Streamed bodies, parsed from the (already capped) body the HTTP client read: SSE `data:`
 * events, newline-delimited JSON, and the Vercel AI SDK v4 `TYPE:JSON` lines.
 */

export function isEventStream(contentType: string, body: string): boolean {
  return contentType.includes("text/event-stream") || /^data: /m.test(body.slice(0, 200));
}

/** The `data:` payloads of an SSE body, in order, `[DONE]` included as a plain string. */
export function sseData(body: string): string[] {
  const events: string[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""));
    if (data.length) events.push(data.join("\n"));
  }
  return events;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON objects of an SSE body (skipping `[DONE]` and non-JSON events). */
export function sseJson(body: string): Record<string, unknown>[] {
  return sseData(body)
    .map(parseJson)
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

/** Objects of an NDJSON body (Ollama streams). */
export function ndjson(body: string): Record<string, unknown>[] {
  return body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(parseJson)
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

/** Vercel AI SDK v4 data-stream parts: `0:"text"`, `9:{tool call}`, `d:{finish}`. */
export function vercelV4Parts(body: string): { type: string; value: unknown }[] {
  const parts: { type: string; value: unknown }[] = [];
  for (const line of body.split(/\r?\n/)) {
    const m = /^([0-9a-z]):(.*)$/.exec(line);
    if (m) parts.push({ type: m[1], value: parseJson(m[2]) });
  }
  return parts;
}
