import { describe, expect, it } from "vitest";
import { readEventStream, SseParser } from "../src/sse";

describe("SSE parser", () => {
  it("reads events split across chunks at any byte, with comments and CRLF", () => {
    const text =
      ': hello\r\nevent: progress\r\ndata: {"checksDone":1}\r\n\r\nevent: done\ndata: {"status":\ndata: "done"}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(events).toEqual([
        { event: "progress", data: '{"checksDone":1}' },
        { event: "done", data: '{"status":\n"done"}' },
      ]);
    }
  });

  it("names an event without an event field 'message' and ignores unknown fields", () => {
    expect(new SseParser().push("id: 7\nretry: 10\ndata: x\n\n")).toEqual([{ event: "message", data: "x" }]);
  });

  it("decodes a byte stream whose chunks split a multi-byte character", async () => {
    const bytes = new TextEncoder().encode("data: café ✓\n\n");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(Uint8Array.of(b));
        controller.close();
      },
    });
    const seen: string[] = [];
    await readEventStream(stream, (m) => seen.push(m.data));
    expect(seen).toEqual(["café ✓"]);
  });
});
