import { useEffect, useState } from "react";
import type { Api } from "../api";
import type { Progress, Scan, ScanStatus } from "../types";

export const ACTIVE: readonly ScanStatus[] = ["queued", "running"];

export interface LiveState {
  status: ScanStatus;
  progress: Partial<Progress>;
}

/**
 * Follows a scan while it is queued or running: the SSE stream first; if the stream cannot be
 * opened, ends early or stays silent for `silenceMs` (a buffering proxy holds events back),
 * polling the scan every `pollMs`. Calls `onFinished` once it leaves the active states.
 */
export function useLiveScan(
  api: Api,
  scan: Scan | undefined,
  onFinished: () => void,
  { silenceMs = 15_000, pollMs = 1500 }: { silenceMs?: number; pollMs?: number } = {},
): LiveState | undefined {
  const [live, setLive] = useState<LiveState>();
  const id = scan?.id;
  const active = scan ? ACTIVE.includes(scan.status) : false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: restart only for another scan or state.
  useEffect(() => {
    if (!id || !active) return;
    const controller = new AbortController();
    const stream = new AbortController();
    controller.signal.addEventListener("abort", () => stream.abort(), { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => stream.abort(), silenceMs);
    };
    let finished = false;
    const finish = (status: ScanStatus) => {
      if (finished || ACTIVE.includes(status)) return;
      finished = true;
      setLive((s) => ({ status, progress: s?.progress ?? {} }));
      onFinished();
    };
    const poll = async () => {
      while (!finished && !controller.signal.aborted) {
        try {
          const current = await api.scan(id);
          setLive({ status: current.status, progress: current.progress ?? {} });
          finish(current.status);
        } catch {
          // A transient error: try again on the next tick.
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    };
    arm();
    api
      .events(
        id,
        (event) => {
          arm();
          const { status, ...progress } = event.data;
          setLive((s) => ({
            status: status ?? s?.status ?? "running",
            progress: event.event === "progress" ? { ...s?.progress, ...progress } : (s?.progress ?? {}),
          }));
          if (event.event === "done") finish(status ?? "done");
          else if (status) finish(status);
        },
        stream.signal,
        arm,
      )
      .catch(() => {})
      .finally(() => {
        clearTimeout(watchdog);
        if (!controller.signal.aborted && !finished) void poll();
      });
    return () => {
      clearTimeout(watchdog);
      controller.abort();
    };
  }, [id, active]);

  return live;
}

export function ProgressBar({ live }: { live: LiveState }) {
  const { checksDone = 0, checksTotal = 0, requests } = live.progress;
  const known = checksTotal > 0;
  return (
    <div className="progress" aria-live="polite">
      <progress
        max={known ? checksTotal : undefined}
        value={known ? checksDone : undefined}
        aria-label="Scan progress"
      />
      <span>
        {live.status === "queued" ? "Queued" : "Running"}
        {known ? ` · checks ${checksDone}/${checksTotal}` : ""}
        {requests !== undefined ? ` · ${requests} requests` : ""}
      </span>
    </div>
  );
}
