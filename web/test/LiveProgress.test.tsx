// @vitest-environment happy-dom
/**
 * useLiveScan against a real HTTP server on 127.0.0.1: progress from the event stream, and the
 * fall-back to polling when the stream is refused or stays silent (a proxy that buffers SSE).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Api } from "../src/api";
import { useLiveScan } from "../src/components/LiveProgress";
import type { Scan } from "../src/types";

type Mode = "stream" | "silent" | "refused" | "heartbeat";

let server: Server | undefined;

afterEach(async () => {
  cleanup();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A scan that is done after `pollsUntilDone` reads of GET /v1/scans/s1; its events per `mode`. */
async function startService(mode: Mode, pollsUntilDone = 2) {
  const seen: string[] = [];
  let polls = 0;
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    if (req.url === "/v1/scans/s1/events") {
      if (mode === "refused") {
        res.writeHead(503, { "content-type": "application/json" });
        res.end('{"error":{"code":"unavailable","message":"no streams"}}');
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (mode === "silent") return; // headers only: the events never come
      if (mode === "heartbeat") {
        // Only keep-alive comments for a while (a long queue), then the events.
        const beat = setInterval(() => res.write(": keep-alive\n\n"), 100);
        setTimeout(() => {
          clearInterval(beat);
          res.end('event: done\ndata: {"status":"done","score":88,"grade":"B"}\n\n');
        }, 900);
        return;
      }
      res.write('event: progress\ndata: {"checksDone":3,"checksTotal":9,"requests":12,"status":"running"}\n\n');
      setTimeout(() => {
        res.write('event: progress\ndata: {"checksDone":9,"checksTotal":9,"requests":40,"status":"done"}\n\n');
        res.end('event: done\ndata: {"status":"done","score":88,"grade":"B"}\n\n');
      }, 100);
      return;
    }
    if (req.url === "/v1/scans/s1") {
      polls++;
      const done = polls >= pollsUntilDone;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "s1",
          target: "http://127.0.0.1:1",
          status: done ? "done" : "running",
          progress: { checksDone: done ? 9 : 5, checksTotal: 9, requests: done ? 40 : 20 },
          createdAt: "2026-01-01T00:00:00Z",
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The page's origin is the service's, as when `rampart serve` serves the dashboard.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${origin}/`);
  return { seen };
}

const running: Scan = { id: "s1", target: "http://127.0.0.1:1", status: "running", createdAt: "2026-01-01T00:00:00Z" };

function Probe({ api, onFinished }: { api: Api; onFinished: () => void }) {
  const live = useLiveScan(api, running, onFinished, { silenceMs: 300, pollMs: 50 });
  return (
    <p data-testid="live">
      {live ? `${live.status} ${live.progress.checksDone ?? "-"}/${live.progress.checksTotal ?? "-"}` : "none"}
    </p>
  );
}

describe("useLiveScan", () => {
  it("follows the event stream, sending the token, and finishes on the done event", async () => {
    const { seen } = await startService("stream");
    let finished = 0;
    render(<Probe api={new Api("tok-1")} onFinished={() => finished++} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("done 9/9"));
    expect(finished).toBe(1);
    expect(seen).toEqual(["GET /v1/scans/s1/events Bearer tok-1"]);
  });

  it("polls when the stream is refused", async () => {
    const { seen } = await startService("refused");
    let finished = 0;
    render(<Probe api={new Api("tok-2")} onFinished={() => finished++} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("done 9/9"));
    expect(finished).toBe(1);
    expect(seen.filter((s) => s.startsWith("GET /v1/scans/s1 "))).toHaveLength(2);
  });

  it("keeps a stream that only sends keep-alive comments", async () => {
    const { seen } = await startService("heartbeat");
    let finished = 0;
    render(<Probe api={new Api("tok-4")} onFinished={() => finished++} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toMatch(/^done /), { timeout: 3000 });
    expect(finished).toBe(1);
    // The 900 ms of comments outlast the 300 ms silence limit, yet nothing was polled.
    expect(seen).toEqual(["GET /v1/scans/s1/events Bearer tok-4"]);
  });

  it("gives up on a silent stream and polls instead", async () => {
    const { seen } = await startService("silent", 3);
    let finished = 0;
    render(<Probe api={new Api("tok-3")} onFinished={() => finished++} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("done 9/9"), { timeout: 3000 });
    expect(finished).toBe(1);
    expect(seen[0]).toBe("GET /v1/scans/s1/events Bearer tok-3");
    expect(seen.filter((s) => s.startsWith("GET /v1/scans/s1 "))).toHaveLength(3);
  });
});
