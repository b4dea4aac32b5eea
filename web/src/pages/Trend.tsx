import { allScans } from "../allScans";
import { DataTable } from "../components/DataTable";
import { TrendChart, trendPoints } from "../components/TrendChart";
import { ErrorMessage, Loading, Time } from "../components/ui";
import { href, hrefWithQuery } from "../router";
import { useApi } from "../session";
import { useAsync } from "../useAsync";

export function TrendPage({ target }: { target?: string }) {
  const api = useApi();
  const scans = useAsync(() => allScans(api, { status: "done" }), [api]);
  const targets = [...new Set((scans.data ?? []).map((s) => s.target))].sort();
  const chosen = target ?? targets[0];
  const points = trendPoints((scans.data ?? []).filter((s) => s.target === chosen));

  return (
    <main id="main">
      <h1>Score trend</h1>
      <ErrorMessage error={scans.error} />
      {!scans.data && !scans.error && <Loading what="scans" />}
      {scans.data && targets.length === 0 && <p className="muted">No finished scans yet.</p>}
      {scans.data && targets.length > 0 && (
        <section className="card">
          <div className="field">
            <label htmlFor="trend-target">Target</label>
            <select
              id="trend-target"
              value={chosen}
              onChange={(e) => window.location.assign(hrefWithQuery("trend", { target: e.target.value }))}
            >
              {targets.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          {chosen && <TrendChart points={points} target={chosen} />}
          <DataTable
            caption={`Scores of ${chosen}`}
            rows={points}
            rowKey={(p) => p.id}
            columns={[
              { label: "Finished", cell: (p) => <Time iso={p.at} /> },
              { label: "Score", cell: (p) => p.score, className: "num" },
              { label: "Scan", cell: (p) => <a href={href("scans", p.id)}>open</a> },
            ]}
          />
        </section>
      )}
    </main>
  );
}
