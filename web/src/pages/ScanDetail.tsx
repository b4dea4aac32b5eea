import type { ReactNode } from "react";
import { CategoryBars } from "../components/CategoryBars";
import { FindingsTable } from "../components/FindingsTable";
import { ACTIVE, ProgressBar, useLiveScan } from "../components/LiveProgress";
import { ErrorMessage, GradeBadge, Loading, SeverityBadge, StatusBadge, Time } from "../components/ui";
import { loadReport } from "../reports";
import { hrefWithQuery } from "../router";
import { useApi } from "../session";
import { useTriage } from "../triage";
import { SEVERITIES } from "../types";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

const DOWNLOADS = [
  { format: "sarif", label: "SARIF", ext: "sarif" },
  { format: "html", label: "HTML", ext: "html" },
  { format: "markdown", label: "Markdown", ext: "md" },
  { format: "junit", label: "JUnit", ext: "xml" },
] as const;

export function ScanDetailPage({ id }: { id: string }) {
  const api = useApi();
  const scan = useAsync(() => api.scan(id), [api, id]);
  const live = useLiveScan(api, scan.data, scan.reload);
  const status = live?.status ?? scan.data?.status;
  // A canceled scan may have a partial report; a failed one has none.
  const finished = status === "done" || status === "canceled";
  const report = useAsync(() => (finished ? loadReport(api, id) : Promise.resolve(undefined)), [api, id, finished]);
  const triage = useTriage(api, report.data);
  const action = useAction();

  if (scan.error)
    return (
      <Page title="Scan">
        <ErrorMessage error={scan.error} />
      </Page>
    );
  if (!scan.data)
    return (
      <Page title="Scan">
        <Loading what="scan" />
      </Page>
    );
  const s = scan.data;
  const active = status ? ACTIVE.includes(status) : false;

  const cancel = () => action.run(() => api.cancelScan(id)).then(scan.reload);
  const download = (format: (typeof DOWNLOADS)[number]) =>
    action.run(async () => {
      const url = URL.createObjectURL(await api.reportFile(id, format.format));
      const link = document.createElement("a");
      link.href = url;
      link.download = `rampart-${id}.${format.ext}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });

  return (
    <Page title={s.target}>
      <section className="card summary" aria-label="Summary">
        {active ? (
          <div className="summary-grade">
            <StatusBadge status={status ?? s.status} />
            <ProgressBar live={live ?? { status: s.status, progress: s.progress ?? {} }} />
          </div>
        ) : (
          <div className="summary-grade">
            <GradeBadge grade={report.data?.grade ?? s.grade} large />
            <div>
              <div className="score">
                <span className="score-value">{report.data?.score ?? s.score ?? "—"}</span>
                <span className="muted">/100</span>
              </div>
              <StatusBadge status={status ?? s.status} />
            </div>
          </div>
        )}
        <dl className="facts">
          <dt>Started</dt>
          <dd>
            <Time iso={s.createdAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <Time iso={s.finishedAt} />
          </dd>
          {report.data?.stats && (
            <>
              <dt>Requests</dt>
              <dd>{report.data.stats.requests}</dd>
            </>
          )}
        </dl>
        {s.counts && !active && (
          <ul className="counts" aria-label="Findings by severity">
            {SEVERITIES.map((sev) => (
              <li key={sev}>
                <SeverityBadge severity={sev} /> {s.counts?.[sev] ?? 0}
              </li>
            ))}
          </ul>
        )}
        <div className="actions">
          {active && (
            <button type="button" onClick={cancel}>
              Cancel scan
            </button>
          )}
          {finished &&
            DOWNLOADS.map((format) => (
              <button type="button" key={format.format} onClick={() => download(format)}>
                Download {format.label}
              </button>
            ))}
          <a className="button" href={hrefWithQuery("compare", { head: id })}>
            Compare
          </a>
          <a className="button" href={hrefWithQuery("trend", { target: s.target })}>
            Score trend
          </a>
        </div>
        <ErrorMessage error={action.error} />
      </section>
      {status === "failed" && (
        <p className="error" role="alert">
          The scan failed{s.error ? `: ${s.error}` : "."}
        </p>
      )}
      {status === "done" && <ErrorMessage error={report.error} />}
      {report.data?.gradeCap && (
        <p className="notice">
          Grade capped at {report.data.gradeCap.grade}: {report.data.gradeCap.reason}
        </p>
      )}
      {report.data?.partial && <p className="notice">Partial report: {report.data.partial.reason}</p>}
      {report.data && (
        <>
          <section className="card" aria-labelledby="categories-title">
            <h2 id="categories-title">Categories</h2>
            <CategoryBars categories={report.data.categories} />
          </section>
          <section className="card" aria-labelledby="findings-title">
            <h2 id="findings-title">Findings</h2>
            <ErrorMessage error={triage.error} />
            <FindingsTable scanId={id} findings={report.data.findings} triage={triage.marks} />
          </section>
        </>
      )}
    </Page>
  );
}

function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main">
      <p className="crumbs">
        <a href="#/">Scans</a> /
      </p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
