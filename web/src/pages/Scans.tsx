import { type FormEvent, useEffect, useState } from "react";
import { ACTIVE } from "../components/LiveProgress";
import { ErrorMessage, GradeBadge, Loading, StatusBadge, TextField, TierSelect, Time } from "../components/ui";
import { href } from "../router";
import { useApi } from "../session";
import { SCAN_STATUSES, type Scan, type ScanStatus, type Tier } from "../types";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

export function StartScanForm({ onStarted }: { onStarted: (id: string) => void }) {
  const api = useApi();
  const [target, setTarget] = useState("");
  const [spec, setSpec] = useState("");
  const [tier, setTier] = useState<Tier>("quick");
  const [auth, setAuth] = useState("");
  const { error, busy, run } = useAction();
  // Profile names for the auth field's suggestions; none listed is not an error worth showing.
  const profiles = useAsync(() => api.authProfiles().catch(() => ({ items: [] })), [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const started = await api.startScan({
        target: target.trim(),
        ...(spec.trim() ? { spec: spec.trim() } : {}),
        options: { llmTier: tier, ...(auth.trim() ? { auth: auth.trim() } : {}) },
      });
      onStarted(started.id);
    });
  };

  return (
    <form onSubmit={submit} className="card start-scan">
      <h2>New scan</h2>
      <TextField
        id="target"
        label="Target URL"
        type="url"
        required
        placeholder="https://api.example.com"
        value={target}
        onChange={setTarget}
      />
      <details>
        <summary>Options</summary>
        <TextField id="spec" label="OpenAPI spec URL (optional)" type="url" value={spec} onChange={setSpec} />
        <TierSelect id="tier" value={tier} onChange={setTier} />
        <TextField
          id="auth"
          label="Auth profile (optional)"
          list="auth-profiles"
          value={auth}
          onChange={setAuth}
          hint="The name of a credential profile stored in the service; credentials are never entered here."
        />
        <datalist id="auth-profiles">
          {(profiles.data?.items ?? []).map((p) => (
            <option key={p.name} value={p.name} />
          ))}
        </datalist>
      </details>
      <button type="submit" className="primary" disabled={busy}>
        Start scan
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

export function ScanTable({ scans, caption }: { scans: readonly Scan[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Status</th>
          <th scope="col">Grade</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {scans.map((scan) => (
          <tr key={scan.id}>
            <td>
              <a href={href("scans", scan.id)}>{scan.target}</a>
            </td>
            <td>
              <StatusBadge status={scan.status} />
              {scan.status === "running" && scan.progress?.checksTotal ? (
                <span className="muted">
                  {" "}
                  {scan.progress.checksDone ?? 0}/{scan.progress.checksTotal} checks
                </span>
              ) : null}
            </td>
            <td>
              <GradeBadge grade={scan.grade} />
            </td>
            <td className="num">{scan.score ?? "—"}</td>
            <td>
              <Time iso={scan.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ScansPage() {
  const api = useApi();
  const [status, setStatus] = useState<ScanStatus | "">("");
  const [target, setTarget] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const list = useAsync(
    () => api.scans({ status: status || undefined, target: target || undefined, limit: 20, cursor }),
    [api, status, target, cursor],
  );
  const anyActive = list.data?.items.some((s) => ACTIVE.includes(s.status)) ?? false;
  const { reload } = list;

  // The list refreshes itself while a scan in it is still queued or running.
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [anyActive, reload]);

  return (
    <main id="main">
      <h1>Scans</h1>
      <StartScanForm onStarted={(id) => window.location.assign(href("scans", id))} />
      <section className="card" aria-labelledby="scan-list-title">
        <h2 id="scan-list-title">Recent scans</h2>
        <div className="filters">
          <TextField
            id="filter-target"
            label="Filter by target"
            type="search"
            value={target}
            onChange={(value) => {
              setTarget(value);
              setCursors([]);
            }}
          />
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select
              id="filter-status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as ScanStatus | "");
                setCursors([]);
              }}
            >
              <option value="">any</option>
              {SCAN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorMessage error={list.error} />
        {!list.data && list.loading && <Loading what="scans" />}
        {list.data && list.data.items.length === 0 && <p className="muted">No scans yet.</p>}
        {list.data && list.data.items.length > 0 && <ScanTable scans={list.data.items} caption="Scans, newest first" />}
        <div className="pager">
          {cursors.length > 0 && (
            <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
          )}
          {list.data?.nextCursor && (
            <button type="button" onClick={() => setCursors((c) => [...c, list.data?.nextCursor ?? ""])}>
              Older
            </button>
          )}
        </div>
      </section>
    </main>
  );
}
