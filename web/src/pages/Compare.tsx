import { type FormEvent, useState } from "react";
import { allScans } from "../allScans";
import { ErrorMessage, formatTime, Loading, SeverityBadge } from "../components/ui";
import { hrefWithQuery } from "../router";
import { useApi } from "../session";
import type { DiffFinding, Scan } from "../types";
import { useAsync } from "../useAsync";

function scanLabel(scan: Scan): string {
  return `${scan.target} · ${formatTime(scan.createdAt)} · ${scan.grade ?? "?"} ${scan.score ?? ""}`.trim();
}

function ScanSelect({
  id,
  label,
  scans,
  value,
  onChange,
}: {
  id: string;
  label: string;
  scans: readonly Scan[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">choose…</option>
        {scans.map((s) => (
          <option key={s.id} value={s.id}>
            {scanLabel(s)}
          </option>
        ))}
      </select>
    </div>
  );
}

function FindingList({ title, findings, id }: { title: string; findings: readonly DiffFinding[]; id: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} ({findings.length})
      </h2>
      {findings.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="instances">
          {findings.map((f) => (
            <li key={f.fingerprint}>
              <SeverityBadge severity={f.severity} /> <code>{f.ruleId}</code> {f.operation.method} {f.operation.path}
              <span className="muted"> {f.title}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ComparePage({ base, head }: { base?: string; head?: string }) {
  const api = useApi();
  const scans = useAsync(() => allScans(api, { status: "done" }), [api]);
  const [baseId, setBaseId] = useState(base ?? "");
  const [headId, setHeadId] = useState(head ?? "");
  const diff = useAsync(() => (base && head ? api.diff(base, head) : Promise.resolve(undefined)), [api, base, head]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    window.location.assign(hrefWithQuery("compare", { base: baseId, head: headId }));
  };
  const options = scans.data ?? [];

  return (
    <main id="main">
      <h1>Compare scans</h1>
      <ErrorMessage error={scans.error} />
      {!scans.data && !scans.error && <Loading what="scans" />}
      <form className="card filters" onSubmit={submit}>
        <ScanSelect id="base" label="Base scan (before)" scans={options} value={baseId} onChange={setBaseId} />
        <ScanSelect id="head" label="Head scan (after)" scans={options} value={headId} onChange={setHeadId} />
        <button type="submit" className="primary">
          Compare
        </button>
      </form>
      <ErrorMessage error={diff.error} />
      {diff.data && (
        <>
          <p className="drift" role="status">
            Score drift:{" "}
            <strong>
              {diff.data.scoreDrift > 0 ? "+" : ""}
              {diff.data.scoreDrift}
            </strong>
          </p>
          <FindingList title="New" id="diff-new" findings={diff.data.new} />
          <FindingList title="Fixed" id="diff-fixed" findings={diff.data.fixed} />
          <FindingList title="Unchanged" id="diff-unchanged" findings={diff.data.unchanged} />
        </>
      )}
    </main>
  );
}
